package dev.hearth.docker;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little of ASN.1 DER that turning a PKCS#1 or SEC1 key into PKCS#8 needs: reading the elements
 * of a SEQUENCE and writing a definite-length element.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    static final int CONTEXT_0 = 0xA0;

    /** One element: its tag, its whole encoding and where its content lies in it. */
    static final class Element {
        private final int tag;
        private final byte[] encoding;
        private final int contentStart;

        Element(int tag, byte[] encoding, int contentStart) {
            this.tag = tag;
            this.encoding = encoding;
            this.contentStart = contentStart;
        }

        int tag() {
            return tag;
        }

        byte[] encoding() {
            return encoding.clone();
        }

        int contentStart() {
            return contentStart;
        }

        int length() {
            return encoding.length;
        }

        byte[] content() {
            return Arrays.copyOfRange(encoding, contentStart, encoding.length);
        }
    }

    private Der() {}

    /** The elements inside {@code sequence}'s content, in order. */
    static java.util.List<Element> children(Element sequence) {
        java.util.List<Element> out = new java.util.ArrayList<>();
        byte[] b = sequence.encoding();
        int pos = sequence.contentStart();
        while (pos < b.length) {
            Element e = element(b, pos, b.length);
            out.add(e);
            pos += e.length();
        }
        return out;
    }

    /** The element starting at {@code pos} of {@code b}; its encoding must end by {@code limit}. */
    static Element element(byte[] b, int pos, int limit) {
        if (pos + 2 > limit) throw new IllegalArgumentException("truncated DER element");
        int tag = b[pos] & 0xFF;
        int first = b[pos + 1] & 0xFF;
        int header = 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 4 || pos + 2 + n > limit) throw new IllegalArgumentException("bad DER length");
            length = 0;
            for (int i = 0; i < n; i++) length = (length << 8) | (b[pos + 2 + i] & 0xFF);
            header += n;
        }
        if (pos + header + length > limit) throw new IllegalArgumentException("truncated DER element");
        byte[] encoding = Arrays.copyOfRange(b, pos, (int) (pos + header + length));
        return new Element(tag, encoding, header);
    }

    static Element parse(byte[] der) {
        Element e = element(der, 0, der.length);
        if (e.length() != der.length) throw new IllegalArgumentException("data after the DER element");
        return e;
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) content.writeBytes(p);
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
