package dev.hearth.collect;

import dev.hearth.net.PathSegments;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS/EC2 signature version 2 with HmacSHA256, as keystone and heat-api-cfn check it
 * (docs/heat-protocol.md#each-collector): the sorted, RFC 3986-encoded query without {@code Signature}, after
 * {@code VERB\nhost[:port]\npath\n}, signed with the secret key and base64-encoded.
 */
public final class Ec2Signer {
    private final byte[] secretKey;

    public Ec2Signer(String secretKey) {
        this.secretKey = secretKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical query string: parameters sorted by name, {@code Signature} left out, both sides encoded. */
    public static String canonicalQuery(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("Signature")) continue;
            if (!sb.isEmpty()) sb.append('&');
            sb.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    public static String stringToSign(String verb, String hostPort, String path, Map<String, String> params) {
        return verb + "\n" + hostPort + "\n" + path + "\n" + canonicalQuery(params);
    }

    /** The base64 signature of the request; {@code params} must already hold {@code SignatureMethod=HmacSHA256}. */
    public String sign(String verb, String hostPort, String path, Map<String, String> params) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
            byte[] sig = mac.doFinal(stringToSign(verb, hostPort, path, params).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Percent-encoding of everything but the RFC 3986 unreserved characters (Python's {@code quote(v, safe="-_~")}). */
    public static String encode(String s) {
        return PathSegments.encode(s);
    }

    @Override
    public String toString() {
        return "Ec2Signer[*****]";
    }
}
