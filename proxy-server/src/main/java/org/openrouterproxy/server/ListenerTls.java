package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;

/** Builds the listener's Helidon {@link Tls} from {@link TlsFiles}: PEM chain + key, or a PKCS#12 keystore. */
final class ListenerTls {
    private ListenerTls() {
    }

    /** Builds the TLS config; throws {@link IllegalArgumentException} with a one-line message on unusable files. */
    static Tls create(TlsFiles f) {
        try {
            Keys keys = keys(f);
            return Tls.builder().privateKey(keys).privateKeyCertChain(keys).build();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot use the TLS files (" + f + "): " + e.getClass().getSimpleName()
                    + "; PEM keys must be unencrypted PKCS#8 ('BEGIN PRIVATE KEY')");
        }
    }

    private static Keys keys(TlsFiles f) {
        Keys keys;
        if (f.isPem()) {
            keys = Keys.builder()
                    .pem(pem -> pem.key(Resource.create(f.keyPem())).certChain(Resource.create(f.certPem())))
                    .build();
        } else {
            char[] password = f.keystorePassword() == null ? new char[0] : f.keystorePassword().toCharArray();
            String alias = firstKeyAlias(f.keystore(), password);
            keys = Keys.builder()
                    .keystore(ks -> ks.keystore(Resource.create(f.keystore())).type("PKCS12").passphrase(password)
                            .keyAlias(alias).certChainAlias(alias))
                    .build();
        }
        return keys;
    }

    /** Helidon looks for the alias "1" by default; keytool and openssl name keys differently, so find it. */
    private static String firstKeyAlias(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return alias;
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the PKCS#12 keystore " + file + " (wrong "
                    + GuardKeys.TLS_KEYSTORE_PASSWORD + "?)");
        }
        throw new IllegalArgumentException("the keystore " + file + " holds no private key");
    }
}
