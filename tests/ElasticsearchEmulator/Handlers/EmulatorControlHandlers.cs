using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>
/// The emulator's own endpoints under <c>/_emulator</c> (not Elasticsearch APIs): traffic counters, fault rules and
/// simulated failover, so a standalone emulator can be driven over HTTP. They are never counted nor faulted.
/// </summary>
internal sealed class EmulatorControlHandlers
{
    private readonly Cluster _cluster;
    private readonly FaultInjector _faults;
    private readonly TrafficStats _stats;

    public EmulatorControlHandlers(Cluster cluster, FaultInjector faults, TrafficStats stats)
    {
        _cluster = cluster;
        _faults = faults;
        _stats = stats;
    }

    public Task<EsResponse> StatsAsync(EsRequest request)
    {
        var stats = _stats.Snapshot();
        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", stats.Index);
            writer.WriteNumber("create", stats.Create);
            writer.WriteNumber("get", stats.Get);
            writer.WriteNumber("delete", stats.Delete);
            writer.WriteNumber("update", stats.Update);
            writer.WriteNumber("search", stats.Search);
            writer.WriteNumber("bulk", stats.Bulk);
            writer.WriteNumber("other", stats.Other);
            writer.WriteNumber("total", stats.Total);
            writer.WriteEndObject();
        })));
    }

    public Task<EsResponse> ResetStatsAsync(EsRequest request)
    {
        _stats.Reset();
        return Task.FromResult(Acknowledged());
    }

    public Task<EsResponse> ListFaultsAsync(EsRequest request) => Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("faults");
        foreach (var rule in _faults.Rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    })));

    public Task<EsResponse> AddFaultAsync(EsRequest request)
    {
        var root = request.HasBody ? JsonBody.ReadValue(request.Body) : throw JsonBody.RequestBodyRequired();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.IllegalArgument("a fault rule must be a JSON object");
        }

        FaultKind? kind = null;
        var operations = EmulatorOperations.All;
        string? index = null;
        string? id = null;
        int? count = null;
        TimeSpan? delay = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "kind":
                    kind = ParseKind(property.Value.GetString() ?? string.Empty);
                    break;
                case "operations":
                    operations = ParseOperations(property.Value);
                    break;
                case "index":
                    index = property.Value.GetString();
                    break;
                case "document_id" or "doc_id":
                    id = property.Value.GetString();
                    break;
                case "count":
                    count = property.Value.GetInt32();
                    break;
                case "delay":
                    delay = property.Value.ValueKind == JsonValueKind.Number
                        ? TimeSpan.FromMilliseconds(property.Value.GetDouble())
                        : TimeValue.Parse(property.Value.GetString() ?? string.Empty, "delay");
                    break;
                case "delay_ms":
                    delay = TimeSpan.FromMilliseconds(property.Value.GetDouble());
                    break;
                default:
                    throw EsErrors.IllegalArgument($"unknown fault rule field [{property.Name}]; expected kind, operations, index, document_id, count, delay");
            }
        }

        if (kind is null)
        {
            throw EsErrors.IllegalArgument("a fault rule needs a [kind]: latency, too_many_requests, shard_unavailable, apply_then_timeout, apply_then_reset or primary_term_bump");
        }

        FaultRule rule;
        try
        {
            rule = _faults.Add(new FaultRule
            {
                Kind = kind.Value,
                Operations = operations,
                Index = index,
                DocumentId = id,
                Count = count,
                Delay = delay,
            });
        }
        catch (ArgumentException e)
        {
            throw EsErrors.IllegalArgument(e.Message);
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer => WriteRule(writer, rule))));
    }

    public Task<EsResponse> ClearFaultsAsync(EsRequest request)
    {
        var id = request.Parameters.Get("id");
        if (id is null)
        {
            _faults.Clear();
        }
        else if (!_faults.Remove(id))
        {
            throw EsErrors.ResourceNotFound($"fault [{id}] not found");
        }

        return Task.FromResult(Acknowledged());
    }

    public Task<EsResponse> FailoverAsync(EsRequest request)
    {
        var name = request.Parameters.Get("index")!;
        var index = _cluster.ResolveForRead(name, isWrite: false);
        var term = index.BumpPrimaryTerms();
        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("index", index.Name);
            writer.WriteNumber("primary_term", term);
            writer.WriteEndObject();
        })));
    }

    private static EsResponse Acknowledged() => new(200, JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteBoolean("acknowledged", true);
        writer.WriteEndObject();
    }));

    private static FaultKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "latency" or "delay" => FaultKind.Latency,
        "too_many_requests" or "reject" or "rejected" or "429" => FaultKind.TooManyRequests,
        "shard_unavailable" or "unavailable" or "503" => FaultKind.ShardUnavailable,
        "apply_then_timeout" or "timeout" => FaultKind.ApplyThenTimeout,
        "apply_then_reset" or "reset" => FaultKind.ApplyThenReset,
        "apply_then_garble" or "garble" => FaultKind.ApplyThenGarble,
        "primary_term_bump" or "failover" => FaultKind.PrimaryTermBump,
        _ => throw EsErrors.IllegalArgument($"unknown fault kind [{text}]"),
    };

    private static EmulatorOperations ParseOperations(JsonElement value)
    {
        var names = value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? string.Empty)
            : (value.GetString() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = EmulatorOperations.None;
        foreach (var name in names)
        {
            result |= name.ToLowerInvariant() switch
            {
                "index" => EmulatorOperations.Index,
                "create" => EmulatorOperations.Create,
                "get" => EmulatorOperations.Get,
                "delete" => EmulatorOperations.Delete,
                "update" => EmulatorOperations.Update,
                "search" => EmulatorOperations.Search,
                "bulk" => EmulatorOperations.Bulk,
                "other" => EmulatorOperations.Other,
                "writes" => EmulatorOperations.Writes,
                "all" or "*" => EmulatorOperations.All,
                _ => throw EsErrors.IllegalArgument($"unknown operation [{name}]"),
            };
        }

        return result;
    }

    private static void WriteRule(Utf8JsonWriter writer, FaultRule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteString("kind", rule.Kind switch
        {
            FaultKind.Latency => "latency",
            FaultKind.TooManyRequests => "too_many_requests",
            FaultKind.ShardUnavailable => "shard_unavailable",
            FaultKind.ApplyThenTimeout => "apply_then_timeout",
            FaultKind.ApplyThenReset => "apply_then_reset",
            FaultKind.ApplyThenGarble => "apply_then_garble",
            _ => "primary_term_bump",
        });
        writer.WriteStartArray("operations");
        foreach (var operation in new[] { EmulatorOperations.Index, EmulatorOperations.Create, EmulatorOperations.Get, EmulatorOperations.Delete, EmulatorOperations.Update, EmulatorOperations.Search, EmulatorOperations.Bulk, EmulatorOperations.Other })
        {
            if ((rule.Operations & operation) != 0)
            {
                writer.WriteStringValue(operation.ToString().ToLowerInvariant());
            }
        }

        writer.WriteEndArray();
        if (rule.Index is not null)
        {
            writer.WriteString("index", rule.Index);
        }

        if (rule.DocumentId is not null)
        {
            writer.WriteString("document_id", rule.DocumentId);
        }

        if (rule.Count is { } count)
        {
            writer.WriteNumber("count", count);
        }

        if (rule.Remaining is { } remaining)
        {
            writer.WriteNumber("remaining", remaining);
        }

        if (rule.Delay is { } delay)
        {
            writer.WriteNumber("delay_ms", (long)delay.TotalMilliseconds);
        }

        writer.WriteNumber("applied", rule.AppliedCount);
        writer.WriteBoolean("armed", rule.IsArmed);
        writer.WriteEndObject();
    }
}
