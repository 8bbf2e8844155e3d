/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flood_java.i - Java shapes of the flood module (included by myk10_java.i
 * before myk10.i). The packed-doubles methods of flood.i stay
 * package-private; the public methods below take and return double[],
 * Map<String, double[]> and the value classes in Flood.java. Struct
 * members (FloodReachReport, GaugeStatus, ...) become getters in
 * lowerCamelCase (getKS(), getTimeEarly()).
 */

%rename("%(lowercamelcase)s", %$isvariable, %$ismember) "";

%javamethodmodifiers myk10_bind_flood_muskingum_coefficients "";
%javamethodmodifiers myk10_bind_flood_muskingum_apply "";
%javamethodmodifiers myk10_bind_flood_cunge_parameters "";
%javamethodmodifiers myk10_bind_alert_config_check "";
%javamethodmodifiers myk10_bind_readings_parse "";
%typemap(javaclassmodifiers) ReadingListShadow "final class"

%javamethodmodifiers FloodNetworkShadow::node_text "";
%javamethodmodifiers FloodNetworkShadow::node_number "";
%javamethodmodifiers FloodNetworkShadow::reach_text "";
%javamethodmodifiers FloodNetworkShadow::reach_number "";
%rename(toJsonBytes) FloodNetworkShadow::to_json;
%rename(toGeoJsonBytes) FloodNetworkShadow::to_geojson;
%javamethodmodifiers FloodNetworkShadow::to_json "";
%javamethodmodifiers FloodNetworkShadow::to_geojson "";
%javamethodmodifiers FloodNetworkShadow::set_village_levels "";
%javamethodmodifiers FloodNetworkShadow::village_levels_packed "";
%typemap(javainterfaces) FloodNetworkShadow "AutoCloseable"
%typemap(javacode) FloodNetworkShadow %{
  /** Frees the network; routers made from it stay usable. */
  @Override
  public void close() {
    delete();
  }

  /** Loads the JSON format of docs/flood-network.md (validated). */
  public static FloodNetwork fromJson(String text) {
    return loadJson(text);
  }

  /** Loads a GeoJSON FeatureCollection (validated). */
  public static FloodNetwork fromGeoJson(String text) {
    return loadGeojson(text);
  }

  public String toJson() {
    return new String(toJsonBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  public String toGeoJson() {
    return new String(toGeoJsonBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Adds a node without a display name. */
  public void addNode(String id, int kind, double lat, double lon, double baseflowM3s) {
    addNode(id, "", kind, lat, lon, baseflowM3s);
  }

  /** Adds a Muskingum reach with K (s) and X. */
  public void addMuskingumReach(String id, String from, String to, double lengthM, double kS,
                                double x) {
    addReach(id, from, to, lengthM, Myk10.FLOOD_MUSKINGUM, 0, kS, x, 0, 0, 0, 0, 0);
  }

  /** Adds a pure-lag reach. */
  public void addLagReach(String id, String from, String to, double lengthM, double lagS) {
    addReach(id, from, to, lengthM, Myk10.FLOOD_LAG, lagS, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Sets the alert levels of a village node as discharges: level k at
   * {@code thresholdsM3s[k-1]} (m&#179;/s, strictly increasing); empty clears them.
   */
  public void setVillageLevels(String nodeId, double[] thresholdsM3s) {
    setVillageLevels(nodeId, Flood.pack(thresholdsM3s));
  }

  /** @return the discharge thresholds of a node (empty when none are set) */
  public double[] villageLevels(String nodeId) {
    return villageLevels(findNode(nodeId));
  }

  /** @return the discharge thresholds of node {@code index} */
  public double[] villageLevels(long index) {
    return Flood.unpack(villageLevelsPacked(index));
  }

  /** @return copies of the nodes, in the order added */
  public java.util.List<Flood.Node> nodes() {
    int n = (int) nodeCount();
    java.util.List<Flood.Node> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Flood.Node(nodeText(i, 0), nodeText(i, 1), (int) nodeNumber(i, 0),
                             nodeNumber(i, 1), nodeNumber(i, 2), nodeNumber(i, 3)));
    }
    return out;
  }

  /** @return copies of the reaches, in the order added */
  public java.util.List<Flood.Reach> reaches() {
    int n = (int) reachCount();
    java.util.List<Flood.Reach> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] v = new double[10];
      for (int f = 0; f < 10; f++) {
        v[f] = reachNumber(i, f);
      }
      out.add(new Flood.Reach(reachText(i, 0), reachText(i, 1), reachText(i, 2), v));
    }
    return out;
  }
%}

%javamethodmodifiers FloodRouterShadow::route_packed "";
%typemap(javainterfaces) FloodRouterShadow "AutoCloseable"
%typemap(javacode) FloodRouterShadow %{
  @Override
  public void close() {
    delete();
  }

  /** A router in the default ADAPT mode. */
  public FloodRouter(FloodNetwork network, double dtS) {
    this(network, dtS, Myk10.FLOOD_ADAPT);
  }

  /** @return the node ids, indexed like the network's nodes */
  public java.util.List<String> nodeIds() {
    int n = (int) nodeCount();
    java.util.List<String> ids = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(nodeId(i));
    }
    return ids;
  }

  private int indexOf(java.util.List<String> ids, String id, String what) {
    int i = ids.indexOf(id);
    if (i < 0) {
      throw new Myk10Exception(Status.ENOTFOUND, "no " + what + " '" + id + "' in the router", -1);
    }
    return i;
  }

  private java.util.List<String> reachIds() {
    int n = (int) reachCount();
    java.util.List<String> ids = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(reachId(i));
    }
    return ids;
  }

  /**
   * Routes {@code steps} steps. {@code inflows} maps node ids to local
   * inflow hydrographs of {@code steps} values (m&#179;/s), which replace
   * those nodes' baseflow. @return every node's flow at each step
   */
  public synchronized java.util.Map<String, double[]> route(int steps,
                                                           java.util.Map<String, double[]> inflows) {
    java.util.List<String> ids = nodeIds();
    int n = ids.size();
    byte[] local = new byte[0];
    byte[] mask = new byte[0];
    if (inflows != null && !inflows.isEmpty()) {
      double[] flat = new double[n * steps];
      mask = new byte[n];
      for (java.util.Map.Entry<String, double[]> e : inflows.entrySet()) {
        int i = indexOf(ids, e.getKey(), "node");
        if (e.getValue().length != steps) {
          throw new IllegalArgumentException("inflow of '" + e.getKey() + "' has "
                                             + e.getValue().length + " values, expected " + steps);
        }
        System.arraycopy(e.getValue(), 0, flat, i * steps, steps);
        mask[i] = 1;
      }
      local = Flood.pack(flat);
    }
    double[] flows = Flood.unpack(routePacked(steps, local, mask));
    java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(ids.get(i), java.util.Arrays.copyOfRange(flows, i * steps, (i + 1) * steps));
    }
    return out;
  }

  /** Routes {@code steps} steps with every node at its baseflow. */
  public java.util.Map<String, double[]> route(int steps) {
    return route(steps, null);
  }

  public double nodeFlow(String nodeId) {
    return nodeFlow(indexOf(nodeIds(), nodeId, "node"));
  }

  public FloodReachReport report(String reachId) {
    return report(indexOf(reachIds(), reachId, "reach"));
  }

  public void setReachState(String reachId, double inflowM3s, double outflowM3s) {
    setReachState(indexOf(reachIds(), reachId, "reach"), inflowM3s, outflowM3s);
  }
%}

%javamethodmodifiers RatingCurveShadow::RatingCurveShadow "";
%typemap(javainterfaces) RatingCurveShadow "AutoCloseable"
%typemap(javacode) RatingCurveShadow %{
  @Override
  public void close() {
    delete();
  }

  /** A curve from segments {stage_min, stage_max, a, h0, b} in increasing stage order. */
  public RatingCurve(double[][] segments) {
    this(Flood.packSegments(segments));
  }
%}

%javamethodmodifiers AlertStateShadow::update "";
%typemap(javainterfaces) AlertStateShadow "AutoCloseable"
%typemap(javacode) AlertStateShadow %{
  @Override
  public void close() {
    delete();
  }

  /** Feeds a level; @return whether the alert level changed */
  public boolean update(double[] thresholds, double hysteresisM, long time, double levelM) {
    return update(Flood.pack(thresholds), hysteresisM, time, levelM);
  }
%}

%javamethodmodifiers GaugeConfig::set_alerts "";
%typemap(javainterfaces) GaugeConfig "AutoCloseable"
%typemap(javacode) GaugeConfig %{
  @Override
  public void close() {
    delete();
  }

  /** Sets the alert levels (strictly increasing thresholds, m) and hysteresis (validated). */
  public void setAlerts(double[] thresholds, double hysteresisM) {
    setAlerts(Flood.pack(thresholds), hysteresisM);
  }
%}

%javamethodmodifiers GaugeShadow::gaps_packed "";
%typemap(javainterfaces) GaugeShadow "AutoCloseable"
%typemap(javacode) GaugeShadow %{
  @Override
  public void close() {
    delete();
  }

  /** A gauge with the default settings and the given alert levels. */
  public static Gauge create(String id, double[] thresholds, double hysteresisM) {
    try (GaugeConfig config = new GaugeConfig()) {
      config.setAlerts(thresholds, hysteresisM);
      return new Gauge(id, config);
    }
  }

  /** Adds a reading with {@code now} = its time; @return the outcome (READING_*) */
  public int add(long time, double levelM) {
    return add(time, levelM, time);
  }

  /** Adds (time, level) pairs: {@code times[i]}, {@code levels[i]}. @return the outcomes */
  public int[] addAll(long[] times, double[] levels) {
    if (times.length != levels.length) {
      throw new IllegalArgumentException("times and levels differ in length");
    }
    int[] out = new int[times.length];
    for (int i = 0; i < times.length; i++) {
      out[i] = add(times[i], levels[i]);
    }
    return out;
  }

  /** @return the gaps as {start, end} pairs, oldest first */
  public long[][] gaps() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(gapsPacked()).order(java.nio.ByteOrder.nativeOrder());
    long[][] out = new long[b.remaining() / 16][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new long[] {b.getLong(), b.getLong()};
    }
    return out;
  }
%}

MYK10_JAVA_CLOSEABLE(FloodReachReport)
MYK10_JAVA_CLOSEABLE(GaugeReading)
MYK10_JAVA_CLOSEABLE(GaugeStatus)
MYK10_JAVA_CLOSEABLE(GaugeForecast)

/* Forecasts. The C forecaster borrows the attached gauges and curves. Java
 * keeps them reachable while attached, and since close() frees a handle at
 * once whatever refers to it, run() refuses (ESTATE) to run with one that
 * was closed instead of letting C read freed memory. The SWIG-level methods
 * are private; the public ones are synchronized like SessionTable's. */
MYK10_JAVA_CLOSEABLE(FloodForecastConfig)
%typemap(javaclassmodifiers) FloodVillageForecast "final class"
%rename(attachNative) FloodForecasterShadow::attach;
%rename(detachNative) FloodForecasterShadow::detach;
%rename(runNative) FloodForecasterShadow::run;
%javamethodmodifiers FloodForecasterShadow::attach "private";
%javamethodmodifiers FloodForecasterShadow::detach "private";
%javamethodmodifiers FloodForecasterShadow::run "private";
%javamethodmodifiers FloodForecasterShadow::village "private";
%typemap(javainterfaces) FloodForecasterShadow "AutoCloseable"
%typemap(javacode) FloodForecasterShadow %{
  private static final class Attachment {
    final Gauge gauge;
    final RatingCurve rating;

    Attachment(Gauge gauge, RatingCurve rating) {
      this.gauge = gauge;
      this.rating = rating;
    }
  }

  private final java.util.Map<String, Attachment> attached = new java.util.HashMap<>();
  private long lastNow;

  /** Frees the forecaster (not the gauges and curves attached). */
  @Override
  public void close() {
    delete();
  }

  /** A forecaster with the default settings. */
  public FloodForecaster(FloodNetwork network) {
    this(network, null);
  }

  /**
   * Attaches a gauge and its rating curve to the gauge node {@code nodeId},
   * replacing any earlier one. Both are borrowed: keep them open while
   * attached. ENOTFOUND for an unknown node, EINVAL for one that is not a gauge.
   */
  public synchronized void attach(String nodeId, Gauge gauge, RatingCurve rating) {
    attachNative(nodeId, gauge, rating);
    attached.put(nodeId, new Attachment(gauge, rating));
  }

  /** Removes the gauge of a gauge node: it routes from upstream again. */
  public synchronized void detach(String nodeId) {
    detachNative(nodeId);
    attached.remove(nodeId);
  }

  /**
   * Forecasts from {@code now} (seconds since the epoch). A run reads the
   * attached gauges, which counts as writing to them. ESTATE if one of them
   * or its curve was closed; ERANGE if the run leaves years 0000-9999.
   * @return every village, in network order
   */
  public synchronized java.util.List<Flood.VillageForecast> run(long now) {
    for (java.util.Map.Entry<String, Attachment> e : attached.entrySet()) {
      if (Gauge.getCPtr(e.getValue().gauge) == 0 || RatingCurve.getCPtr(e.getValue().rating) == 0) {
        throw new Myk10Exception(Status.ESTATE, "the gauge or rating curve attached to '"
                                 + e.getKey() + "' was closed", -1);
      }
    }
    runNative(now);
    lastNow = now;
    return villages();
  }

  /**
   * What the last successful run did: after one new reading a run re-routes
   * only the branch below that gauge (ESTATE before a run).
   */
  public synchronized Flood.RunStats lastRun() {
    FloodRunStats s = runStats();
    try {
      return new Flood.RunStats(s.getFull(), s.getGaugesRefreshed(), s.getGaugesChanged(),
                                s.getReachesRouted(), s.getReachesVarying(),
                                s.getVillagesObserved());
    } finally {
      s.delete();
    }
  }

  /** @return the villages of the last successful run (ESTATE before one) */
  public synchronized java.util.List<Flood.VillageForecast> villages() {
    int n = (int) villageCount();
    java.util.List<Flood.VillageForecast> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Flood.VillageForecast.read(village(i), lastNow));
    }
    return out;
  }
%}

/* CAP: the public face is Cap.java; these SWIG classes serve it. */
%javamethodmodifiers myk10_bind_cap_classify "";
%javamethodmodifiers myk10_bind_cap_forecast_of_village "";
%typemap(javaclassmodifiers) CapForecastRecord "final class"
%typemap(javaclassmodifiers) FloodRunStats "final class"
%javamethodmodifiers FloodForecasterShadow::run_stats "private";
%typemap(javaclassmodifiers) CapClass "final class"
%typemap(javaclassmodifiers) CapWriterShadow "final class"
