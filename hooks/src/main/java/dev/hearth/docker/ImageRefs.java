package dev.hearth.docker;

import java.util.regex.Pattern;

/** Image references the way the Engine's image list spells them. */
public final class ImageRefs {
    /*
     * Docker's reference grammar (distribution/reference): [host[:port]/]path[:tag][@digest], path
     * components lowercase alphanumerics joined by '.', '_', '__' or dashes. Anything else (a space, a
     * newline, an uppercase repository) is refused before the Engine sees it, so a hostile document
     * cannot smuggle text into a pull request or a log line.
     */
    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST =
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*" + "|\\[[a-fA-F0-9:]+\\])";
    private static final String NAME =
            "(?:" + HOST + "(?::[0-9]+)?/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    /** Docker refuses longer repository names. */
    private static final int NAME_MAX = 255;

    private static final String LOCALHOST = "localhost/";

    private ImageRefs() {}

    /** Whether {@code ref} is a reference Docker accepts (the whole text: no surrounding spaces either). */
    public static boolean isValid(String ref) {
        if (ref == null) return false;
        var m = REFERENCE.matcher(ref);
        return m.matches() && m.group(1).length() <= NAME_MAX;
    }

    /** {@code busybox} → {@code busybox:latest}; {@code docker.io/library/x:1} → {@code x:1}. */
    public static String normalize(String ref) {
        String r = ref;
        for (String p :
                new String[] {"docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"}) {
            if (r.startsWith(p)) {
                r = r.substring(p.length());
                break;
            }
        }
        if (r.contains("@")) return r;
        int slash = r.lastIndexOf('/');
        int colon = r.lastIndexOf(':');
        return colon > slash ? r : r + ":latest";
    }

    /** {@code localhost/x:1} → {@code x:1} (podman's spelling of an image without a registry); else null. */
    public static String withoutLocalhost(String ref) {
        return ref != null && ref.startsWith(LOCALHOST) ? ref.substring(LOCALHOST.length()) : null;
    }

    /** Whether two references name the same image as the Engine spells them, podman's localhost/ included. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) return a == null && b == null;
        String na = normalize(a);
        String nb = normalize(b);
        if (na.equals(nb)) return true;
        return na.equals(withoutLocalhost(nb)) || nb.equals(withoutLocalhost(na));
    }

    /** Repository and tag (or digest) for a pull. */
    static String[] repositoryAndTag(String ref) {
        int at = ref.indexOf('@');
        if (at > 0) return new String[] {ref.substring(0, at), ref.substring(at + 1)};
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
        return new String[] {ref, "latest"};
    }
}
