package org.openrouterproxy.cli.chat;

/** Token and cost totals of a REPL session, for {@code /usage}. Not thread-safe. */
final class SessionTotals {
    private int answers;
    private long promptTokens;
    private long completionTokens;
    private long cachedTokens;
    private double cost;
    private boolean costReported;
    private boolean cachedReported;

    /** Adds the usage of one answer (answers without usage count, tokens do not). */
    void add(Answer answer) {
        answers++;
        TokenUsage u = answer.usage();
        if (u == null) {
            return;
        }
        promptTokens += u.promptTokens();
        completionTokens += u.completionTokens();
        if (u.cachedTokens() != null) {
            cachedTokens += u.cachedTokens();
            cachedReported = true;
        }
        if (u.cost() != null) {
            cost += u.cost();
            costReported = true;
        }
    }

    long promptTokens() {
        return promptTokens;
    }

    long cachedTokens() {
        return cachedTokens;
    }

    long completionTokens() {
        return completionTokens;
    }

    /** E.g. {@code 3 answers | prompt 4210 tokens, 3072 from cache (73%) | completion 120 | cost $0.0123}. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(answers).append(answers == 1 ? " answer" : " answers");
        sb.append(" | prompt ").append(promptTokens).append(" tokens");
        if (cachedReported) {
            long share = promptTokens == 0 ? 0 : Math.round(100.0 * cachedTokens / promptTokens);
            sb.append(", ").append(cachedTokens).append(" from cache (").append(share).append("%)");
        } else {
            sb.append(", cache not reported");
        }
        sb.append(" | completion ").append(completionTokens).append(" tokens");
        if (costReported) {
            sb.append(" | cost ").append(FactsLine.money(cost));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "SessionTotals[" + describe() + "]";
    }
}
