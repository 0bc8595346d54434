package dev.hearth.net;

import dev.hearth.secret.Secrets;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An issued token and its service catalog. {@code toString} masks the token.
 *
 * @param refreshAt when to authenticate again (before {@code expiresAt})
 */
public record KeystoneToken(String id, Instant issuedAt, Instant expiresAt, Instant refreshAt, List<Endpoint> catalog) {

    public KeystoneToken {
        catalog = List.copyOf(catalog);
    }

    /** One catalog endpoint. */
    public record Endpoint(String serviceType, String iface, String region, URI url) {}

    /** The first endpoint of that service type with interface public and, if given, that region. */
    public Optional<URI> endpoint(String serviceType, String region) {
        return catalog.stream()
                .filter(e -> e.serviceType().equals(serviceType))
                .filter(e -> e.iface().equals("public"))
                .filter(e -> region == null || region.isBlank() || region.equals(e.region()))
                .map(Endpoint::url)
                .findFirst();
    }

    @Override
    public String toString() {
        return "KeystoneToken[id=" + Secrets.MASK + ", expiresAt=" + expiresAt + ", endpoints=" + catalog.size() + "]";
    }
}
