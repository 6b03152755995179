package io.rwx.kit.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rwx.events.CloudEventCodec;
import io.rwx.kit.model.EpisodeRecord;
import io.rwx.kit.model.ShareManagerFailure;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/** JSON records kept in annotations, read tolerantly: an unreadable one counts as absent (and is logged). */
public final class Annotations {

    private static final Logger LOG = Logger.getLogger(Annotations.class);
    private static final ObjectMapper JSON = CloudEventCodec.defaultMapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Annotations() {
    }

    public static Optional<String> get(HasMetadata object, String key) {
        Map<String, String> annotations = object == null ? null : object.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(key));
    }

    public static <T> Optional<T> read(HasMetadata object, String key, Class<T> type) {
        return get(object, key).flatMap(raw -> {
            try {
                return Optional.ofNullable(JSON.readValue(raw, type));
            } catch (JsonProcessingException e) {
                LOG.warnf("%s %s: ignoring unreadable annotation %s: %s", object.getKind(),
                        object.getMetadata().getName(), key, e.getOriginalMessage());
                return Optional.empty();
            }
        });
    }

    public static String write(Object record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record, e);
        }
    }

    /** The failover episode recorded on a Volume. */
    public static Optional<EpisodeRecord> episode(HasMetadata volume) {
        return read(volume, EpisodeRecord.ANNOTATION, EpisodeRecord.class);
    }

    /** The last share-manager failure recorded on a ShareManager. */
    public static Optional<ShareManagerFailure> lastFailure(HasMetadata shareManager) {
        return read(shareManager, ShareManagerFailure.ANNOTATION, ShareManagerFailure.class);
    }
}
