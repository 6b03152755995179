package io.rwx.testing.kubernetes;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.CrudDispatcher;

import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The object store of fabric8's CRUD dispatcher, indexed by resource type. The dispatcher answers every request
 * by testing every stored object against the request's attributes, so each request cost grew with the whole
 * store (about 20 ms per request with 3,000 objects: a 1,000-volume benchmark measured the mock, not the system).
 * Every one of those scans matches on the request path's {@code plural} (and {@code api} group) attribute, so
 * while a request is dispatched ({@link #scoped}) a scan sees only the objects of that type: a superset of what
 * can match, so the answers are the same. Scans outside a request (a new watch's initial list, which runs on
 * its own thread) see everything.
 */
final class IndexedStore extends AbstractMap<AttributeSet, String> {

    private static final ThreadLocal<String> SCOPE = new ThreadLocal<>();

    private final Map<AttributeSet, String> all = new ConcurrentHashMap<>();
    private final Map<String, Map<AttributeSet, String>> byType = new ConcurrentHashMap<>();

    /** Puts an indexed store in place of the dispatcher's own (a final field of fabric8's CrudDispatcher). */
    static void install(CrudDispatcher dispatcher) {
        try {
            Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            IndexedStore store = new IndexedStore();
            store.putAll(castMap(map.get(dispatcher)));
            map.set(dispatcher, store);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's CrudDispatcher changed: no field 'map' to index", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<AttributeSet, String> castMap(Object map) {
        return (Map<AttributeSet, String>) map;
    }

    /** Runs {@code work} (one request) with scans limited to the type the request's attributes name. */
    static <T> T scoped(AttributeSet request, java.util.function.Supplier<T> work) {
        String type = typeOfQuery(request);
        String before = SCOPE.get();
        SCOPE.set(type);
        try {
            return work.get();
        } finally {
            if (before == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(before);
            }
        }
    }

    /** The type a request names with plain equality, or null (then nothing is narrowed). */
    static String typeOfQuery(AttributeSet query) {
        Attribute plural = query.getAttribute("plural");
        if (plural == null || plural.getType() != AttributeType.WITH) {
            return null;
        }
        Attribute api = query.getAttribute("api");
        if (api != null && api.getType() != AttributeType.WITH) {
            return null;
        }
        return typeOf(plural, api);
    }

    private static String typeOf(Attribute plural, Attribute api) {
        return (plural == null ? "" : plural.getValues().toString()) + "|" + (api == null ? "" : api.getValues().toString());
    }

    static String typeOfKey(AttributeSet key) {
        return typeOf(key.getAttribute("plural"), key.getAttribute("api"));
    }

    @Override
    public String put(AttributeSet key, String value) {
        byType.computeIfAbsent(typeOfKey(key), t -> new ConcurrentHashMap<>()).put(key, value);
        return all.put(key, value);
    }

    @Override
    public String get(Object key) {
        return key == null ? null : all.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && all.containsKey(key);
    }

    @Override
    public String remove(Object key) {
        if (key == null) { // the dispatcher removes "no previous version" on a create
            return null;
        }
        if (key instanceof AttributeSet set) {
            Map<AttributeSet, String> type = byType.get(typeOfKey(set));
            if (type != null) {
                type.remove(set);
            }
        }
        return all.remove(key);
    }

    @Override
    public void clear() {
        all.clear();
        byType.clear();
    }

    @Override
    public int size() {
        return all.size();
    }

    /** While a request is dispatched: the objects of its type only; otherwise every object. */
    @Override
    public Set<Entry<AttributeSet, String>> entrySet() {
        String type = SCOPE.get();
        if (type == null) {
            return all.entrySet();
        }
        Map<AttributeSet, String> ofType = byType.get(type);
        return ofType == null ? Map.<AttributeSet, String>of().entrySet() : ofType.entrySet();
    }
}
