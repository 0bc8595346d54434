package dev.hearth.firewall;

/** A {@code firewall_rules} entry Hearth cannot apply; the message starts with the path of the problem. */
public final class FirewallRuleException extends RuntimeException {
    private final String path;
    private final String reason;

    public FirewallRuleException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
