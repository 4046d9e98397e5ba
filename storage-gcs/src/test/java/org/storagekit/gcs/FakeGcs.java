package org.storagekit.gcs;

import com.google.api.client.util.DateTime;
import com.google.api.services.storage.model.StorageObject;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.google.cloud.storage.spi.v1.StorageRpc;
import com.google.cloud.Tuple;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The test fixture's GCS: Google's in-process fake of the storage RPC layer
 * ({@link LocalStorageHelper} from google-cloud-nio) under the real {@code google-cloud-storage}
 * HTTP client. No GCS server can run on these machines, so this is what the TCK runs against.
 *
 * <p>The fake falls short of the JSON API in a few ways that would make correct client code fail.
 * Each is corrected HERE, at the RPC boundary, so the backend stays written against the real API:
 *
 * <ol>
 *   <li><b>Listing ignores page tokens</b>: it returns the first {@code maxResults} objects and
 *       hands back the token it was given, so a listing never gets past page one, and in hash
 *       order. Corrected: objects sorted by name, paged with a real continuation token.
 *   <li><b>An upload session is visible before it is finalized</b>: opening a resumable session
 *       replaces the object's metadata at once (a new object appears with no size; an existing one
 *       loses its generation and times), and an abandoned session leaves that behind. Corrected: an
 *       object whose metadata has no generation (not yet finalized) is shown as it was before the
 *       session opened, or not at all.
 *   <li><b>No checksums</b>: the fake never computes CRC32C (nor MD5). Corrected: CRC32C is
 *       computed from the stored bytes on every lookup and listing, as GCS always reports it.
 *   <li><b>Direct (non-resumable) creates get no generation</b>. Corrected: one is assigned.
 *   <li><b>A rewrite (copy) gives the target the source's times</b>. Corrected: the target's
 *       generation is created now, as on GCS.
 *   <li><b>Upload session URLs carry the raw object name</b>, so a name holding {@code ?},
 *       {@code #} or {@code %} is cut or mangled when the client PUTs to the session. Corrected:
 *       the name is percent-encoded in the session URL (on GCS the session URL is opaque).
 * </ol>
 *
 * <p>Gaps left alone because the backend does not use them: bucket creation (objects in any bucket
 * work), compose and metadata update (return null), MD5 (null), a {@code doesNotExist}
 * precondition (throws with code 0 rather than 412).
 */
final class FakeGcs {
  static final String BUCKET = "storagekit-tck";
  /**
   * The fake builds an API client without an application name for every read and upload session,
   * and each logs a warning about it: thousands of lines per run. Held here so the level sticks.
   */
  private static final java.util.logging.Logger UNNAMED_CLIENT_WARNINGS =
      java.util.logging.Logger.getLogger("com.google.api.client.googleapis.services.AbstractGoogleClient");

  static {
    UNNAMED_CLIENT_WARNINGS.setLevel(java.util.logging.Level.SEVERE);
  }

  private FakeGcs() {}

  /** A fresh, empty fake bucket behind a real client; share the client to share the data. */
  static Storage newClient() {
    StorageRpc fake = (StorageRpc) LocalStorageHelper.customOptions(false).getRpc();
    StorageRpc corrected = (StorageRpc) Proxy.newProxyInstance(FakeGcs.class.getClassLoader(),
        new Class<?>[] {StorageRpc.class}, new Corrections(fake));
    return StorageOptions.http()
        .setProjectId("storagekit-tck")
        .setCredentials(NoCredentials.getInstance())
        .setServiceRpcFactory(options -> corrected)
        .build()
        .getService();
  }

  /** The corrections listed on {@link FakeGcs}, applied around the fake's RPC methods. */
  private static final class Corrections implements InvocationHandler {
    private final StorageRpc fake;
    /** Finalized metadata of objects whose replacement upload is in flight or was abandoned. */
    private final Map<String, StorageObject> beforeSession = new ConcurrentHashMap<>();
    private long lastGeneration;

    Corrections(StorageRpc fake) {
      this.fake = fake;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "list":
          if (args != null && args.length == 2 && args[0] instanceof String) {
            return list((String) args[0], options(args[1]));
          }
          break;
        case "get":
          if (args != null && args.length == 2 && args[0] instanceof StorageObject) {
            return get((StorageObject) args[0], options(args[1]));
          }
          break;
        case "open":
          if (args != null && args.length == 2 && args[0] instanceof StorageObject) {
            rememberBeforeSession((StorageObject) args[0]);
            return sessionUrl((String) call(method, args), (StorageObject) args[0]);
          }
          break;
        case "create":
          if (args != null && args.length == 3 && args[0] instanceof StorageObject) {
            ((StorageObject) args[0]).setGeneration(nextGeneration());
          }
          break;
        case "openRewrite":
          if (args != null && args.length == 1 && args[0] instanceof StorageRpc.RewriteRequest) {
            ((StorageRpc.RewriteRequest) args[0]).target.setTimeCreated(new DateTime(System.currentTimeMillis()));
          }
          break;
        case "delete":
          if (args != null && args.length == 2 && args[0] instanceof StorageObject) {
            beforeSession.remove(name((StorageObject) args[0]));
          }
          break;
        default:
          break;
      }
      return call(method, args);
    }

    private Object call(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(fake, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    /**
     * The fake's session URL with the object name percent-encoded. The fake puts the raw name in
     * the URL, so a name holding {@code ?}, {@code #} or {@code %} does not survive the trip.
     */
    private static String sessionUrl(String fakeUrl, StorageObject object) {
      int at = fakeUrl.indexOf("/o/");
      if (at < 0) {
        return fakeUrl;
      }
      return fakeUrl.substring(0, at + 3)
          + URLEncoder.encode(object.getName(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Tuple<String, Iterable<StorageObject>> list(String bucket, Map<StorageRpc.Option, Object> options) {
      String token = (String) options.remove(StorageRpc.Option.PAGE_TOKEN);
      Long max = (Long) options.remove(StorageRpc.Option.MAX_RESULTS);
      List<StorageObject> all = new ArrayList<>();
      for (StorageObject o : fake.list(bucket, options).y()) {
        StorageObject shown = visible(o);
        if (shown != null && (token == null || shown.getName().compareTo(token) > 0)) {
          all.add(shown);
        }
      }
      all.sort(Comparator.comparing(StorageObject::getName));
      int n = max == null ? all.size() : (int) Math.min(all.size(), max);
      List<StorageObject> page = new ArrayList<>(all.subList(0, n));
      String next = n < all.size() ? page.get(n - 1).getName() : null;
      return Tuple.of(next, page);
    }

    private StorageObject get(StorageObject object, Map<StorageRpc.Option, Object> options) {
      StorageObject found = fake.get(object, options);
      return found == null ? null : visible(found);
    }

    /** What GCS would show for {@code o}: its finalized state, with a CRC32C. */
    private StorageObject visible(StorageObject o) {
      if (Boolean.TRUE.equals(o.get("isDirectory"))) {
        return o;
      }
      StorageObject shown = o.getGeneration() != null ? o : beforeSession.get(name(o));
      if (shown == null) {
        return null;
      }
      StorageObject copy = shown.clone();
      byte[] content = fake.load(copy, Map.of());
      CRC32C crc = new CRC32C();
      crc.update(content);
      long v = crc.getValue();
      copy.setCrc32c(Base64.getEncoder().encodeToString(
          new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}));
      copy.setSize(java.math.BigInteger.valueOf(content.length));
      return copy;
    }

    private void rememberBeforeSession(StorageObject target) {
      StorageObject current = fake.get(target, Map.of());
      if (current != null && current.getGeneration() != null) {
        beforeSession.put(name(target), current.clone());
      } else if (current == null) {
        beforeSession.remove(name(target));
      }
    }

    private synchronized long nextGeneration() {
      lastGeneration = Math.max(lastGeneration + 1, System.currentTimeMillis());
      return lastGeneration;
    }

    @SuppressWarnings("unchecked")
    private static Map<StorageRpc.Option, Object> options(Object options) {
      Map<StorageRpc.Option, Object> copy = new EnumMap<>(StorageRpc.Option.class);
      if (options != null) {
        copy.putAll((Map<StorageRpc.Option, Object>) options);
      }
      return copy;
    }

    private static String name(StorageObject o) {
      return o.getBucket() + "/" + o.getName();
    }
  }
}
