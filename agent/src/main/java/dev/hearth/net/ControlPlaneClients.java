package dev.hearth.net;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import java.nio.file.Path;

/**
 * One HTTP client per control-plane service, each trusting the CA its section of agent.yaml names
 * ({@code ca_certificate}) or the system's: polling and signalling of a service go through the same
 * client, so a private CA that works for one works for the other.
 *
 * @param heat    keystone and heat-api (HEAT_SIGNAL)
 * @param cfn     heat-api-cfn (CFN_SIGNAL)
 * @param zaqar   keystone and Zaqar (ZAQAR_SIGNAL)
 * @param request the metadata URL and Swift TempURLs (TEMP_URL_SIGNAL)
 */
public record ControlPlaneClients(
        ControlPlaneHttp heat, ControlPlaneHttp cfn, ControlPlaneHttp zaqar, ControlPlaneHttp request) {

    /** Every service through the one client given. */
    public static ControlPlaneClients sharing(ControlPlaneHttp http) {
        return new ControlPlaneClients(http, http, http, http);
    }

    /** Services without a {@code ca_certificate} share {@code system}. */
    public static ControlPlaneClients from(AgentConfig config, ControlPlaneHttp system) {
        return new ControlPlaneClients(
                client("heat.ca_certificate", config.heat().caCertificate(), system),
                client("cfn.ca_certificate", config.cfn().caCertificate(), system),
                client("zaqar.ca_certificate", config.zaqar().caCertificate(), system),
                client("request.ca_certificate", config.request().caCertificate(), system));
    }

    private static ControlPlaneHttp client(String key, Path ca, ControlPlaneHttp system) {
        if (ca == null) return system;
        try {
            return ControlPlaneHttp.create(ControlPlaneHttp.DEFAULT_CONNECT_TIMEOUT, ca);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }
}
