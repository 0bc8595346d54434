package dev.hearth.docker;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.github.dockerjava.api.model.LogConfig;
import java.io.IOException;
import java.util.Map;

/**
 * {@code HostConfig.LogConfig} for podman's {@code k8s-file} driver, which docker-java's
 * {@link LogConfig.LoggingType} does not name: written as {@code {"Type": "k8s-file", "Config": ...}}.
 */
@JsonSerialize(using = K8sFileLogConfig.Writer.class)
final class K8sFileLogConfig extends LogConfig {
    static final String DRIVER = "k8s-file";

    K8sFileLogConfig(Map<String, String> options) {
        super(null, Map.copyOf(options));
    }

    static final class Writer extends StdSerializer<K8sFileLogConfig> {
        Writer() {
            super(K8sFileLogConfig.class);
        }

        @Override
        public void serialize(K8sFileLogConfig value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            gen.writeStringField("Type", DRIVER);
            gen.writeObjectFieldStart("Config");
            for (var e : new java.util.TreeMap<>(value.getConfig()).entrySet())
                gen.writeStringField(e.getKey(), e.getValue());
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }
}
