package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/k8s}: every file parses, and what the manifests promise matches the code: the ConfigMap is a valid
 * configuration, the probe paths are served on the container port, the grace period outlasts preStop plus
 * {@code PROXY_SHUTDOWN_GRACE}, 2+ replicas, the HPA scales the Deployment, the Service reaches the pods, and no
 * secret value is committed.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("..", "deploy", "k8s");
    private static final Map<String, Map<String, Object>> BY_KIND = new HashMap<>();
    private static final List<Map<String, Object>> ALL = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (var files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f, StandardCharsets.UTF_8))) {
                    Map<String, Object> m = (Map<String, Object>) doc;
                    ALL.add(m);
                    if (m.containsKey("kind") && name(m).startsWith("openrouter-proxy")
                            && !name(m).endsWith("-redis")) {
                        BY_KIND.put((String) m.get("kind"), m);
                    }
                }
            }
        }
        assertThat(BY_KIND).containsKeys("Deployment", "Service", "ConfigMap", "Secret", "HorizontalPodAutoscaler",
                "Kustomization");
    }

    private static String name(Map<String, Object> m) {
        Object meta = m.get("metadata");
        return meta == null ? "" : String.valueOf(at(m, "metadata", "name"));
    }

    /** Walks maps by key and lists by index. */
    @SuppressWarnings("unchecked")
    static Object at(Object node, Object... path) {
        Object cur = node;
        for (Object p : path) {
            cur = p instanceof Integer i ? ((List<Object>) cur).get(i) : ((Map<String, Object>) cur).get(p);
            if (cur == null) {
                throw new AssertionError("missing " + p + " in path " + List.of(path));
            }
        }
        return cur;
    }

    private static Map<String, Object> container() {
        return cast(at(BY_KIND.get("Deployment"), "spec", "template", "spec", "containers", 0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, String> configMap() {
        Map<String, String> data = new HashMap<>();
        cast(at(BY_KIND.get("ConfigMap"), "data")).forEach((k, v) -> data.put(k, String.valueOf(v)));
        return data;
    }

    private static int containerPort() {
        return (Integer) at(container(), "ports", 0, "containerPort");
    }

    @Test
    void theConfigMapIsAValidConfigurationWithoutSecretsOnTheContainerPort() {
        Map<String, String> cm = configMap();
        assertThat(cm).doesNotContainKeys(SettingKeys.UPSTREAM_KEY, SettingKeys.CLIENT_KEYS);
        assertThat(SettingKeys.ALL).containsAll(cm.keySet());
        Map<String, String> env = new HashMap<>(cm);
        env.put(SettingKeys.UPSTREAM_KEY, "sk-or-manifest-test-0001");
        env.put(SettingKeys.CLIENT_KEYS, "manifest-test-client-0001");
        ProxySettings s = ProxySettings.load(Map.of(), env, DIR);
        assertThat(s.port()).isEqualTo(containerPort());
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.redis().enabled()).isTrue();
    }

    @Test
    void probesUseTheHealthEndpointsOnTheNamedContainerPort() throws Exception {
        Map<String, Object> c = container();
        assertThat(at(c, "ports", 0, "name")).isEqualTo("http");
        assertThat(at(c, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
        assertThat(at(c, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
        assertThat(at(c, "startupProbe", "httpGet", "path")).isEqualTo("/health/live");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(c, probe, "httpGet", "port")).isEqualTo("http");
        }
        // the paths are routes of the proxy: serve the ConfigMap's settings (loopback, free port) and probe them
        Map<String, String> env = new HashMap<>(configMap());
        env.remove(RedisSettings.URL_KEY);
        env.put(SettingKeys.HOST, "127.0.0.1");
        env.put(SettingKeys.PORT, "0");
        env.put(SettingKeys.UPSTREAM_KEY, "sk-or-manifest-test-0001");
        env.put(SettingKeys.CLIENT_KEYS, "manifest-test-client-0001");
        try (ProxyServer proxy = ProxyServer.start(ProxySettings.load(Map.of(), env, DIR))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                String path = (String) at(c, probe, "httpGet", "path");
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path).isEqualTo(200);
            }
        }
        assertThat(ServiceInfoHandlers.ENDPOINTS).contains("GET /health/live", "GET /health/ready");
    }

    @Test
    void theGracePeriodOutlastsPreStopAndTheShutdownGrace() {
        Map<String, Object> pod = cast(at(BY_KIND.get("Deployment"), "spec", "template", "spec"));
        int termination = (Integer) pod.get("terminationGracePeriodSeconds");
        int preStop = (Integer) at(container(), "lifecycle", "preStop", "sleep", "seconds");
        Duration grace = SettingValues.duration(GuardKeys.SHUTDOWN_GRACE, configMap().get(GuardKeys.SHUTDOWN_GRACE));
        assertThat(preStop).isPositive();
        assertThat((long) termination).isGreaterThan(preStop + grace.toSeconds());
    }

    @Test
    void twoOrMoreReplicasScaledByTheHpaAndReachedByTheService() {
        Map<String, Object> d = BY_KIND.get("Deployment");
        assertThat((Integer) at(d, "spec", "replicas")).isGreaterThanOrEqualTo(2);
        Map<String, Object> hpa = BY_KIND.get("HorizontalPodAutoscaler");
        assertThat(at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(name(d));
        assertThat((Integer) at(hpa, "spec", "minReplicas")).isGreaterThanOrEqualTo(2);
        Map<String, Object> labels = cast(at(d, "spec", "template", "metadata", "labels"));
        Map<String, Object> svc = BY_KIND.get("Service");
        assertThat(labels).containsAllEntriesOf(cast(at(svc, "spec", "selector")));
        assertThat(cast(at(d, "spec", "selector", "matchLabels"))).isEqualTo(cast(at(svc, "spec", "selector")));
        assertThat(at(svc, "spec", "ports", 0, "targetPort")).isIn("http", containerPort());
        Map<String, Object> c = container();
        assertThat(at(c, "resources", "requests", "memory")).isNotNull();
        assertThat(at(c, "resources", "limits", "memory")).isNotNull();
        assertThat(at(d, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
    }

    @Test
    void theSecretHoldsNoValuesAndIsWhatThePodsReference() {
        Map<String, Object> secret = BY_KIND.get("Secret");
        Map<String, Object> data = cast(at(secret, "stringData"));
        assertThat(data).containsOnlyKeys(SettingKeys.UPSTREAM_KEY, SettingKeys.CLIENT_KEYS);
        assertThat(data.values()).allSatisfy(v -> assertThat(String.valueOf(v)).isEmpty());
        assertThat(secret).doesNotContainKey("data");
        List<Object> envFrom = List.copyOf((List<?>) at(container(), "envFrom"));
        assertThat(envFrom).contains(Map.of("secretRef", Map.of("name", name(secret))),
                Map.of("configMapRef", Map.of("name", name(BY_KIND.get("ConfigMap")))));
        // applied with -k, the kustomization must not ship the example Secret
        assertThat(List.<Object>copyOf((List<?>) at(BY_KIND.get("Kustomization"), "resources"))).doesNotContain("secret.example.yaml")
                .contains("deployment.yaml", "service.yaml", "configmap.yaml", "hpa.yaml");
        assertThat(ALL).isNotEmpty();
    }
}
