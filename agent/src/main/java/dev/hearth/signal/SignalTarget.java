package dev.hearth.signal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a URL a signal goes to (a pre-signed {@code deploy_signal_id}, a {@code deploy_auth_url})
 * before it is used: an absolute http or https URL with a host. Anything else can never be delivered
 * and is given up at once instead of being retried until the deadline. Messages name the input,
 * never the URL (it carries a signature).
 */
final class SignalTarget {
    private static final Pattern PRINTABLE_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,15}");

    private SignalTarget() {}

    static URI parse(String url, String input) throws SignalException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw SignalException.invalidTarget(input + " is not a valid URL (at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null) throw SignalException.invalidTarget(input + " is not an absolute URL");
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) {
            throw SignalException.invalidTarget(input + " is not an http or https URL (scheme "
                    + (PRINTABLE_SCHEME.matcher(scheme).matches() ? scheme : "?") + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty())
            throw SignalException.invalidTarget(input + " has no host");
        return uri;
    }
}
