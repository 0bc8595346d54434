package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.CollectorSettings;
import dev.hearth.json.Json;
import dev.hearth.net.ControlPlaneException;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpCall;
import dev.hearth.net.HttpResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Metadata from heat-api-cfn ({@code POLL_SERVER_CFN}): for each {@code path} entry
 * {@code Resource.Field[.key.key]}, a {@code DescribeStackResource} GET signed with EC2 signature v2;
 * the field's text in the XML answer is JSON; the results of all paths are merged (top-level keys
 * replaced). The URL carries no timestamp, so it is the same on every poll: one request per path.
 */
public final class CfnCollector implements Collector {
    public static final String NAME = "cfn";
    public static final Path DEFAULT_METADATA_HINT = Path.of("/var/lib/heat-cfntools/cfn-metadata-server");

    private final CollectorSettings.Cfn settings;
    private final ControlPlaneHttp http;
    private final Path metadataHint;

    /**
     * @param metadataHint file holding the heat-api-cfn base URL, used when {@code metadata_url} is unset
     *                     (the URL then is its content plus {@code /v1/})
     */
    public CfnCollector(
            CollectorSettings.Cfn settings, ControlPlaneHttp http, MeterRegistry registry, Path metadataHint) {
        this.settings = settings;
        this.http = CollectorRequests.counted(http, registry, NAME);
        this.metadataHint = metadataHint;
    }

    @Override
    public String name() {
        return NAME;
    }

    private Optional<String> metadataUrl() {
        if (HeatCollector.notBlank(settings.metadataUrl()))
            return Optional.of(settings.metadataUrl().trim());
        if (metadataHint != null && Files.isRegularFile(metadataHint)) {
            try {
                String base = Files.readString(metadataHint).trim();
                if (!base.isEmpty()) return Optional.of((base.endsWith("/") ? base : base + "/") + "v1/");
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<JsonNode> collect() throws CollectorException, InterruptedException {
        Optional<String> url = metadataUrl();
        if (url.isEmpty()
                || !HeatCollector.notBlank(settings.accessKeyId())
                || settings.secretAccessKey() == null
                || settings.secretAccessKey().isEmpty()
                || settings.path().isEmpty()) {
            return Optional.empty();
        }
        URI base;
        try {
            base = URI.create(url.get());
        } catch (IllegalArgumentException e) {
            throw new CollectorException("cfn: metadata_url is not a valid URL");
        }
        ObjectNode merged = Json.object();
        Ec2Signer signer = new Ec2Signer(settings.secretAccessKey().value());
        for (String p : settings.path()) {
            // A trailing dot is ignored ("Res.Field." reads as "Res.Field"), as it always was.
            @SuppressWarnings("StringSplitter")
            String[] parts = p.split("\\.");
            if (parts.length < 2) throw new CollectorException("cfn: path '" + p + "' is not Resource.Field[.key...]");
            JsonNode value = describe(base, signer, parts[0], parts[1]);
            for (int i = 2; i < parts.length; i++) {
                value = value.get(parts[i]);
                if (value == null) throw new CollectorException("cfn: " + p + ": no key '" + parts[i] + "'");
            }
            if (!(value instanceof ObjectNode o)) throw new CollectorException("cfn: " + p + " is not a JSON object");
            merged.setAll(o);
        }
        return Optional.of(merged);
    }

    private JsonNode describe(URI base, Ec2Signer signer, String resource, String field)
            throws CollectorException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", "DescribeStackResource");
        params.put("StackName", settings.stackName() == null ? "" : settings.stackName());
        params.put("LogicalResourceId", resource);
        params.put("AWSAccessKeyId", settings.accessKeyId());
        params.put("SignatureVersion", "2");
        params.put("SignatureMethod", "HmacSHA256");
        String hostPort = base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        params.put("Signature", signer.sign("GET", hostPort, path, params));
        StringBuilder q = new StringBuilder();
        params.forEach(
                (k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(Ec2Signer.encode(v)));
        String s = base.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) s = s.substring(0, hash);
        URI uri = URI.create(s + (s.contains("?") ? "&" : "?") + q);
        HttpCall call = HttpCall.get(uri, settings.timeout()).header("Content-Type", "application/json");
        HttpResult r;
        try {
            r = http.send(call);
        } catch (ControlPlaneException e) {
            throw new CollectorException("cfn: " + e.getMessage(), e);
        }
        if (r.status() != 200) throw new CollectorException("cfn: HTTP " + r.status() + " from " + call.describe());
        String text = fieldText(r.body(), field)
                .orElseThrow(() -> new CollectorException("cfn: " + resource + " has no " + field + " in the answer"));
        try {
            return HttpResult.parseEmbedded(text);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            if (!dev.hearth.json.Json.isTokenCountLimit(e))
                throw new CollectorException("cfn: " + resource + "." + field + " is not JSON this agent reads: "
                        + dev.hearth.json.Json.problem(e).getMessage());
            throw new CollectorException("cfn: " + resource + "." + field + " has more than "
                    + dev.hearth.config.AgentConfig.Limits.DEFAULT_MAX_JSON_TOKENS + " JSON tokens");
        } catch (IOException e) {
            throw new CollectorException("cfn: " + resource + "." + field + " is not valid JSON");
        }
    }

    /** Text of {@code DescribeStackResourceResponse/DescribeStackResourceResult/StackResourceDetail/<field>}. */
    static Optional<String> fieldText(byte[] xml, String field) throws CollectorException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new CollectorException("cfn: the answer is not valid XML");
        }
        Element node = doc.getDocumentElement();
        if (node == null || !localName(node).equals("DescribeStackResourceResponse")) {
            return Optional.empty();
        }
        for (String name : List.of("DescribeStackResourceResult", "StackResourceDetail", field)) {
            node = child(node, name);
            if (node == null) return Optional.empty();
        }
        return Optional.of(node.getTextContent());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) return e;
        }
        return null;
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}
