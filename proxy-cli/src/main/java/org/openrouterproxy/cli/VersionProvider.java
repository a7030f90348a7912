package org.openrouterproxy.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the launcher version from the jar manifest, or "dev" when run from classes. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"openrouter-proxy " + (v == null ? "dev" : v)};
    }
}
