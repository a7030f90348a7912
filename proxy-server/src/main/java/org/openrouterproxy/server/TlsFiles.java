package org.openrouterproxy.server;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the listener's TLS identity comes from: a PEM certificate chain plus a PEM (PKCS#8) private key, or a
 * PKCS#12 keystore with its password. Exactly one of the two forms is set.
 *
 * @param certPem          PEM certificate chain file, or null
 * @param keyPem           PEM private key file, or null
 * @param keystore         PKCS#12 keystore file, or null
 * @param keystorePassword keystore password (a secret: never printed), or null
 */
public record TlsFiles(Path certPem, Path keyPem, Path keystore, String keystorePassword) {

    public TlsFiles {
        boolean pem = certPem != null || keyPem != null;
        if (pem && keystore != null) {
            throw new IllegalArgumentException("set either " + GuardKeys.TLS_CERT + "/" + GuardKeys.TLS_KEY + " or "
                    + GuardKeys.TLS_KEYSTORE + ", not both");
        }
        if (pem && (certPem == null || keyPem == null)) {
            throw new IllegalArgumentException(GuardKeys.TLS_CERT + " and " + GuardKeys.TLS_KEY
                    + " must be set together");
        }
        if (!pem && keystore == null) {
            throw new IllegalArgumentException("TLS needs " + GuardKeys.TLS_CERT + "/" + GuardKeys.TLS_KEY + " or "
                    + GuardKeys.TLS_KEYSTORE);
        }
        for (Path p : new Path[] {certPem, keyPem, keystore}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file " + p + " is not readable");
            }
        }
    }

    /** PEM certificate chain and private key. */
    public static TlsFiles pem(Path cert, Path key) {
        return new TlsFiles(cert, key, null, null);
    }

    /** A PKCS#12 keystore (its first private key entry is used). */
    public static TlsFiles pkcs12(Path keystore, String password) {
        return new TlsFiles(null, null, keystore, password);
    }

    boolean isPem() {
        return certPem != null;
    }

    @Override
    public String toString() {
        return isPem() ? "PEM cert " + certPem + ", key " + keyPem
                : "PKCS#12 " + keystore + (keystorePassword == null ? "" : " (password masked)");
    }
}
