using System.Text.Json.Nodes;

namespace Coordination.ElasticsearchEmulator.Tests.Infrastructure;

/// <summary>Assertions for Elasticsearch's response shapes.</summary>
public static class EsAssert
{
    public static void Status(int expected, EsReply reply) =>
        Assert.True(reply.Status == expected, $"expected HTTP {expected}, got {reply}");

    /// <summary>An error envelope: status, error.type, error.reason, the status field, and a non-empty root_cause.</summary>
    public static void Error(EsReply reply, int status, string type, string reason)
    {
        Status(status, reply);
        Assert.Equal(type, reply.Str("error.type"));
        Assert.Equal(reason, reply.Str("error.reason"));
        Assert.Equal(status, reply.Long("status"));
        Assert.True(reply.At("error.root_cause") is JsonArray { Count: > 0 }, $"no root_cause in {reply.Text}");
    }

    /// <summary>A simple error: its single root cause repeats type, reason and metadata (without caused_by).</summary>
    public static void SimpleError(EsReply reply, int status, string type, string reason)
    {
        Error(reply, status, type, reason);
        var root = reply.At("error.root_cause.0") as JsonObject;
        Assert.NotNull(root);
        var error = (JsonObject)reply.At("error")!;
        var expected = error.Where(p => p.Key is not ("root_cause" or "caused_by")).Select(p => p.Key).ToList();
        Assert.Equal(expected, root.Select(p => p.Key).ToList());
        foreach (var key in expected)
        {
            Assert.True(JsonNode.DeepEquals(error[key], root[key]), $"root_cause.{key} differs in {reply.Text}");
        }
    }

    public static void Validation(EsReply reply, params string[] messages)
    {
        var reason = "Validation Failed: " + string.Concat(messages.Select((m, i) => $"{i + 1}: {m};"));
        SimpleError(reply, 400, "action_request_validation_exception", reason);
    }

    public static void IllegalArgument(EsReply reply, string reason) =>
        Error(reply, 400, "illegal_argument_exception", reason);

    /// <summary>A 409 version conflict with the shard metadata in Elasticsearch's order.</summary>
    public static void Conflict(EsReply reply, string index, string id, string explanation)
    {
        SimpleError(reply, 409, "version_conflict_engine_exception", $"[{id}]: version conflict, {explanation}");
        Assert.Equal(["type", "reason", "index_uuid", "shard", "index"], reply.Keys("error").Where(k => k != "root_cause"));
        Assert.Equal(index, reply.Str("error.index"));
        Assert.Equal(System.Text.Json.JsonValueKind.String, reply.At("error.shard")!.GetValueKind());
        Assert.False(string.IsNullOrEmpty(reply.Str("error.index_uuid")));
    }

    public static void IndexNotFound(EsReply reply, string index, string resourceType = "index_expression")
    {
        SimpleError(reply, 404, "index_not_found_exception", $"no such index [{index}]");
        Assert.Equal(["type", "reason", "resource.type", "resource.id", "index_uuid", "index"], reply.Keys("error").Where(k => k != "root_cause"));
        Assert.Equal(resourceType, reply.Str("error.resource.type") ?? reply.At("error")!["resource.type"]!.GetValue<string>());
        Assert.Equal(index, reply.At("error")!["resource.id"]!.GetValue<string>());
        Assert.Equal("_na_", reply.Str("error.index_uuid"));
        Assert.Equal(index, reply.Str("error.index"));
    }

    /// <summary>A DocWriteResponse: fields in Elasticsearch's order and the given values.</summary>
    public static void Written(EsReply reply, int status, string result, long version, long? seqNo = null)
    {
        Status(status, reply);
        Assert.Equal(result, reply.Str("result"));
        Assert.Equal(version, reply.Long("_version"));
        if (seqNo is { } s)
        {
            Assert.Equal(s, reply.Long("_seq_no"));
        }

        var expected = new List<string> { "_index", "_id", "_version", "result" };
        if (reply.Has("forced_refresh"))
        {
            expected.Add("forced_refresh");
        }

        expected.AddRange(["_shards", "_seq_no", "_primary_term"]);
        Assert.Equal(expected, reply.Keys());
        Assert.Equal(["total", "successful", "failed"], reply.Keys("_shards"));
    }
}
