package dev.hearth.docker;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The private key of a PEM file, read with the JDK alone: PKCS#8 ({@code PRIVATE KEY}) as it is,
 * PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}, the curve taken from the key)
 * wrapped into PKCS#8 first. These are what openssl writes and what Docker's own tools accept.
 */
final class PemPrivateKey {
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};
    private static final byte[] NULL = {Der.NULL, 0};
    private static final byte[] RSA_ENCRYPTION = oid("2a864886f70d010101");
    private static final byte[] EC_PUBLIC_KEY = oid("2a8648ce3d0201");

    /** PKCS#8 algorithm OIDs (their DER content, hex) and the JDK's KeyFactory for each. */
    private static final Map<String, String> ALGORITHMS = Map.of(
            "2a864886f70d010101", "RSA",
            "2a864886f70d01010a", "RSASSA-PSS",
            "2a8648ce3d0201", "EC",
            "2b6570", "Ed25519",
            "2b6571", "Ed448");

    private PemPrivateKey() {}

    static PrivateKey read(Path file) {
        List<PemBlock> keys = PemBlock.read(file).stream()
                .filter(b -> b.type().endsWith("PRIVATE KEY"))
                .toList();
        if (keys.isEmpty()) throw new DockerTlsException(file + ": no PEM private key in it");
        if (keys.size() > 1) throw new DockerTlsException(file + ": more than one private key in it");
        PemBlock key = keys.getFirst();
        if (key.encrypted())
            throw new DockerTlsException(file
                    + ": the private key is encrypted; Docker over TLS needs it unencrypted (readable by root only)");
        try {
            byte[] pkcs8 = switch (key.type()) {
                case "PRIVATE KEY" -> key.der();
                case "RSA PRIVATE KEY" -> fromPkcs1(key.der());
                case "EC PRIVATE KEY" -> fromSec1(file, key.der());
                default ->
                    throw new DockerTlsException(file + ": a '" + key.type()
                            + "' block; expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY");
            };
            return KeyFactory.getInstance(algorithm(file, pkcs8)).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalArgumentException | java.util.NoSuchElementException | GeneralSecurityException e) {
            // the JDK's and our own parse messages name no key material
            throw new DockerTlsException(file + ": the " + key.type() + " cannot be decoded (" + e.getMessage() + ")");
        }
    }

    private static byte[] fromPkcs1(byte[] rsa) {
        Der.parse(rsa);
        return Der.encode(
                Der.SEQUENCE,
                VERSION_0,
                Der.encode(Der.SEQUENCE, RSA_ENCRYPTION, NULL),
                Der.encode(Der.OCTET_STRING, rsa));
    }

    /** ECPrivateKey (RFC 5915): version, key, [0] curve, [1] public key; PKCS#8 wants the curve outside. */
    private static byte[] fromSec1(Path file, byte[] ec) {
        byte[] curve = null;
        for (Der.Element e : Der.children(Der.parse(ec))) {
            if (e.tag() == Der.CONTEXT_0) {
                Der.Element inner = Der.parse(e.content());
                if (inner.tag() != Der.OID)
                    throw new DockerTlsException(file + ": the EC key's curve is not a named curve");
                curve = inner.encoding();
            }
        }
        if (curve == null) throw new DockerTlsException(file + ": the EC key does not name its curve");
        return Der.encode(
                Der.SEQUENCE,
                VERSION_0,
                Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY, curve),
                Der.encode(Der.OCTET_STRING, ec));
    }

    /** PrivateKeyInfo: version, AlgorithmIdentifier { algorithm OID, parameters }, key. */
    private static String algorithm(Path file, byte[] pkcs8) {
        List<Der.Element> info = Der.children(Der.parse(pkcs8));
        if (info.size() < 3 || info.get(1).tag() != Der.SEQUENCE)
            throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
        Der.Element oid = Der.children(info.get(1)).getFirst();
        String hex = HexFormat.of().formatHex(oid.content());
        String algorithm = ALGORITHMS.get(hex);
        if (oid.tag() != Der.OID || algorithm == null)
            throw new DockerTlsException(file + ": the key's algorithm is not RSA, EC or EdDSA");
        return algorithm;
    }

    private static byte[] oid(String hex) {
        return Der.encode(Der.OID, HexFormat.of().parseHex(hex));
    }
}
