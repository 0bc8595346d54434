package dev.hearth.docker;

/** Image references the way the Engine's image list spells them. */
public final class ImageRefs {
    private ImageRefs() {}

    /** {@code busybox} → {@code busybox:latest}; {@code docker.io/library/x:1} → {@code x:1}. */
    public static String normalize(String ref) {
        String r = ref;
        for (String p : new String[]{"docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"}) {
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

    /** Repository and tag (or digest) for a pull. */
    static String[] repositoryAndTag(String ref) {
        int at = ref.indexOf('@');
        if (at > 0) return new String[]{ref.substring(0, at), ref.substring(at + 1)};
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) return new String[]{ref.substring(0, colon), ref.substring(colon + 1)};
        return new String[]{ref, "latest"};
    }
}
