package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Token buckets (and the {@code /v1/models} list) in Redis, shared by every replica: one {@code EVALSHA} of {@code token-bucket.lua} per request
 * (falling back to {@code EVAL} once after a Redis restart forgot the script). Keys are
 * {@code orp:rl:<client id>}: the key id hash or address, never a key. Every call is bounded by the configured
 * timeout (connect, read and the wait for a pooled connection); failures throw, the caller decides what then.
 */
final class RedisBuckets implements AutoCloseable {
    static final String KEY_PREFIX = "orp:rl:";
    static final int POOL_SIZE = 128;
    private static final byte[] MODELS_UPSTREAM = "orp:models:upstream".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MODELS_OPENAI = "orp:models:openai".getBytes(StandardCharsets.UTF_8);
    private static final String SCRIPT = script();
    private static final String SHA = sha1(SCRIPT);

    private final JedisPool pool;
    private final String display;

    RedisBuckets(RedisSettings s) {
        URI u = URI.create(s.url());
        int timeoutMs = (int) Math.max(1, s.timeout().toMillis());
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .ssl(u.getScheme().equals("rediss"))
                .clientName("openrouter-proxy")
                .autoNegotiateProtocol(false);
        String userInfo = u.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? null : decode(userInfo.substring(0, colon));
            String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            client.user(user == null || user.isEmpty() ? null : user).password(password);
        }
        String path = u.getPath();
        if (path != null && path.length() > 1) {
            client.database(Integer.parseInt(path.substring(1)));
        }
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(POOL_SIZE);
        poolConfig.setMaxIdle(POOL_SIZE);
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(s.timeout());
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setJmxEnabled(false);
        int port = u.getPort() > 0 ? u.getPort() : 6379;
        this.pool = new JedisPool(poolConfig, new HostAndPort(u.getHost(), port), client.build());
        this.display = s.displayUrl();
    }

    /** Takes one token from the shared bucket of {@code identity} (rpm &gt; 0); throws when Redis fails. */
    RateLimiter.Decision acquire(String identity, int rpm) {
        List<String> keys = List.of(KEY_PREFIX + identity);
        List<String> args = List.of(Integer.toString(rpm));
        Object reply;
        try (Jedis j = pool.getResource()) {
            try {
                reply = j.evalsha(SHA, keys, args);
            } catch (JedisNoScriptException e) {
                reply = j.eval(SCRIPT, keys, args);
            }
        }
        List<?> r = (List<?>) reply;
        boolean allowed = ((Long) r.get(0)) == 1L;
        return allowed ? RateLimiter.Decision.ALLOW : new RateLimiter.Decision(false, Math.max(1, (Long) r.get(1)));
    }

    /** The shared models list: upstream's bytes and the OpenAI-shaped list, or null when Redis has none. */
    byte[][] models() {
        try (Jedis j = pool.getResource()) {
            List<byte[]> v = j.mget(MODELS_UPSTREAM, MODELS_OPENAI);
            return v.get(0) == null || v.get(1) == null ? null : new byte[][] {v.get(0), v.get(1)};
        }
    }

    /** Shares a freshly fetched models list with the other replicas for {@code ttlMillis}. */
    Boolean storeModels(byte[] upstreamBody, byte[] openAiList, long ttlMillis) {
        try (Jedis j = pool.getResource()) {
            j.psetex(MODELS_UPSTREAM, ttlMillis, upstreamBody);
            j.psetex(MODELS_OPENAI, ttlMillis, openAiList);
            return Boolean.TRUE;
        }
    }

    /** A bounded PING; throws when Redis does not answer. */
    void ping() {
        try (Jedis j = pool.getResource()) {
            j.ping();
        }
    }

    /** The URL without its password. */
    String display() {
        return display;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String script() {
        try (InputStream in = RedisBuckets.class.getResourceAsStream("token-bucket.lua")) {
            if (in == null) {
                throw new IllegalStateException("token-bucket.lua is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
