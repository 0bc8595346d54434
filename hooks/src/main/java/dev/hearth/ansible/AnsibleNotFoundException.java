package dev.hearth.ansible;

import java.io.IOException;

/** {@code ansible-playbook} (or the configured command) is not installed where it was looked for. */
public final class AnsibleNotFoundException extends IOException {
    public AnsibleNotFoundException(String message) {
        super(message);
    }
}
