using System.Globalization;
using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>GET / and the cluster health API of a one-node cluster.</summary>
internal sealed class ClusterHandlers
{
    private readonly Cluster _cluster;

    public ClusterHandlers(Cluster cluster)
    {
        _cluster = cluster;
    }

    public Task<EsResponse> RootAsync(EsRequest request)
    {
        request.Parameters.EnsureAllConsumed(request.Path);
        if (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(200));
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("name", _cluster.NodeName);
            writer.WriteString("cluster_name", _cluster.Name);
            writer.WriteString("cluster_uuid", _cluster.Uuid);
            writer.WriteStartObject("version");
            // What a real node of that major reports: 9.x talks to the last 8.x minor and reads 8.x indices; 8.x the
            // last 7.x minor and 7.x indices.
            var nine = _cluster.MajorVersion >= 9;
            writer.WriteString("number", _cluster.Version);
            writer.WriteString("build_flavor", "default");
            writer.WriteString("build_type", "docker");
            writer.WriteString("build_hash", "0000000000000000000000000000000000emulator");
            writer.WriteString("build_date", nine ? "2025-10-21T10:06:21.288851013Z" : "2024-08-05T10:05:34.233336849Z");
            writer.WriteBoolean("build_snapshot", false);
            writer.WriteString("lucene_version", nine ? "10.3.1" : "9.11.1");
            writer.WriteString("minimum_wire_compatibility_version", nine ? "8.19.0" : "7.17.0");
            writer.WriteString("minimum_index_compatibility_version", nine ? "8.0.0" : "7.0.0");
            writer.WriteEndObject();
            writer.WriteString("tagline", "You Know, for Search");
            writer.WriteEndObject();
        })));
    }

    private enum HealthStatus
    {
        Green,
        Yellow,
        Red,
    }

    private sealed record HealthSnapshot(HealthStatus Status, List<EmulatedIndex> Indices, bool IndicesMissing);

    public async Task<EsResponse> HealthAsync(EsRequest request)
    {
        var p = request.Parameters;
        var expression = p.Get("index");
        var level = p.Get("level") ?? "cluster";
        p.GetBool("local", false);
        p.GetTime("master_timeout", null);
        var timeout = p.GetTime("timeout", TimeSpan.FromSeconds(30)) ?? TimeSpan.FromSeconds(30);
        var waitForActiveShards = DocWriteRequest.ParseActiveShardCount(p.Get("wait_for_active_shards"));
        var waitForNodes = p.Get("wait_for_nodes");
        p.Get("wait_for_events");
        p.GetBool("wait_for_no_relocating_shards", false);
        p.GetBool("wait_for_no_initializing_shards", false);
        HealthStatus? waitForStatus = p.Get("wait_for_status") switch
        {
            null => null,
            "green" => HealthStatus.Green,
            "yellow" => HealthStatus.Yellow,
            "red" => HealthStatus.Red,
            var other => throw EsErrors.IllegalArgument($"unknown cluster health status [{other}]"),
        };
        var expand = p.Get("expand_wildcards") ?? "all";
        p.EnsureAllConsumed(request.Path);
        if (level is not ("cluster" or "indices" or "shards"))
        {
            throw EsErrors.IllegalArgument($"No enum constant org.elasticsearch.action.admin.cluster.health.ClusterHealthRequest.Level.{level.ToUpperInvariant()}");
        }

        var clock = _cluster.Clock;
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            var changed = _cluster.NextChange;
            var snapshot = Snapshot(expression, expand.Split(',').Any(e => e is "all" or "hidden"));
            var satisfied = !snapshot.IndicesMissing
                && (waitForStatus is null || snapshot.Status <= waitForStatus)
                && ActiveShardsSatisfied(snapshot, waitForActiveShards)
                && NodesSatisfied(waitForNodes);
            var remaining = deadline - clock.GetUtcNow();
            if (satisfied || remaining <= TimeSpan.Zero)
            {
                return new EsResponse(satisfied ? 200 : 408, JsonOutput.Write(writer => WriteHealth(writer, snapshot, !satisfied, level)));
            }

            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(request.Aborted);
            var delay = Task.Delay(remaining, clock, stopDelay.Token);
            using (_cluster.EnterClockWait())
            {
                await Task.WhenAny(changed, delay).ConfigureAwait(false);
            }

            await stopDelay.CancelAsync().ConfigureAwait(false);
            request.Aborted.ThrowIfCancellationRequested();
        }
    }

    private static bool ActiveShardsSatisfied(HealthSnapshot snapshot, int? required)
    {
        if (required is null or 0)
        {
            return true;
        }

        var active = snapshot.Indices.Sum(i => i.Settings.NumberOfShards);
        var needed = required == -1 ? snapshot.Indices.Sum(i => i.Settings.NumberOfShards * i.Settings.TotalCopies) : required.Value;
        return active >= needed;
    }

    /// <summary>wait_for_nodes ("1", ">=1", "<2", ...) against the emulator's single node.</summary>
    private static bool NodesSatisfied(string? waitForNodes)
    {
        if (string.IsNullOrEmpty(waitForNodes))
        {
            return true;
        }

        var text = waitForNodes.Trim();
        var digits = text.TrimStart('>', '<', '=');
        if (!int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            throw EsErrors.IllegalArgument($"cannot parse wait_for_nodes [{waitForNodes}]");
        }

        Func<int, bool> test;
        if (text.StartsWith(">=", StringComparison.Ordinal))
        {
            var n = int.Parse(text[2..], CultureInfo.InvariantCulture);
            test = count => count >= n;
        }
        else if (text.StartsWith("<=", StringComparison.Ordinal))
        {
            var n = int.Parse(text[2..], CultureInfo.InvariantCulture);
            test = count => count <= n;
        }
        else if (text.StartsWith('>'))
        {
            var n = int.Parse(text[1..], CultureInfo.InvariantCulture);
            test = count => count > n;
        }
        else if (text.StartsWith('<'))
        {
            var n = int.Parse(text[1..], CultureInfo.InvariantCulture);
            test = count => count < n;
        }
        else
        {
            var n = int.Parse(text, CultureInfo.InvariantCulture);
            test = count => count == n;
        }

        return test(1);
    }

    private HealthSnapshot Snapshot(string? expression, bool includeHidden)
    {
        List<EmulatedIndex> indices;
        var missing = false;
        if (string.IsNullOrEmpty(expression))
        {
            indices = [.. _cluster.Indices.OrderBy(i => i.Name, StringComparer.Ordinal)];
        }
        else
        {
            try
            {
                indices = [.. _cluster.ResolveMany(expression, ignoreUnavailable: false, allowNoIndices: true, includeHidden).Select(r => r.Index)];
            }
            catch (EsException)
            {
                indices = [];
                missing = true;
            }
        }

        var status = missing ? HealthStatus.Red : HealthStatus.Green;
        foreach (var index in indices)
        {
            if (index.Settings.NumberOfReplicas > 0 && status == HealthStatus.Green)
            {
                status = HealthStatus.Yellow;
            }
        }

        return new HealthSnapshot(status, indices, missing);
    }

    private void WriteHealth(Utf8JsonWriter writer, HealthSnapshot snapshot, bool timedOut, string level)
    {
        var primaries = snapshot.Indices.Sum(i => i.Settings.NumberOfShards);
        var unassigned = snapshot.Indices.Sum(i => i.Settings.NumberOfShards * i.Settings.NumberOfReplicas);
        writer.WriteStartObject();
        writer.WriteString("cluster_name", _cluster.Name);
        writer.WriteString("status", snapshot.Status.ToString().ToLowerInvariant());
        writer.WriteBoolean("timed_out", timedOut);
        writer.WriteNumber("number_of_nodes", 1);
        writer.WriteNumber("number_of_data_nodes", 1);
        writer.WriteNumber("active_primary_shards", primaries);
        writer.WriteNumber("active_shards", primaries);
        writer.WriteNumber("relocating_shards", 0);
        writer.WriteNumber("initializing_shards", 0);
        writer.WriteNumber("unassigned_shards", unassigned);
        writer.WriteNumber("delayed_unassigned_shards", 0);
        writer.WriteNumber("number_of_pending_tasks", 0);
        writer.WriteNumber("number_of_in_flight_fetch", 0);
        writer.WriteNumber("task_max_waiting_in_queue_millis", 0);
        writer.WritePropertyName("active_shards_percent_as_number");
        var all = primaries + unassigned;
        JsonOutput.WriteJavaDoubleValue(writer, all == 0 ? 100.0 : primaries * 100.0 / all);
        if (level is "indices" or "shards")
        {
            writer.WriteStartObject("indices");
            foreach (var index in snapshot.Indices)
            {
                var shards = index.Settings.NumberOfShards;
                writer.WriteStartObject(index.Name);
                writer.WriteString("status", index.Settings.NumberOfReplicas > 0 ? "yellow" : "green");
                writer.WriteNumber("number_of_shards", shards);
                writer.WriteNumber("number_of_replicas", index.Settings.NumberOfReplicas);
                writer.WriteNumber("active_primary_shards", shards);
                writer.WriteNumber("active_shards", shards);
                writer.WriteNumber("relocating_shards", 0);
                writer.WriteNumber("initializing_shards", 0);
                writer.WriteNumber("unassigned_shards", shards * index.Settings.NumberOfReplicas);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
