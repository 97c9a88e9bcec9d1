using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>Index administration: create, delete, exists, get, mappings, settings, refresh, data streams.</summary>
internal sealed class IndexAdminHandlers
{
    private readonly Cluster _cluster;

    public IndexAdminHandlers(Cluster cluster)
    {
        _cluster = cluster;
    }

    private static byte[] Acknowledged => JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteBoolean("acknowledged", true);
        writer.WriteEndObject();
    });

    public Task<EsResponse> CreateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("index")!;
        DocWriteRequest.ParseActiveShardCount(p.Get("wait_for_active_shards"));
        p.GetTime("timeout", null);
        p.GetTime("master_timeout", null);
        p.EnsureAllConsumed(request.Path);
        var index = _cluster.CreateIndex(name, request.Body);
        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("acknowledged", true);
            writer.WriteBoolean("shards_acknowledged", true);
            writer.WriteString("index", index.Name);
            writer.WriteEndObject();
        })));
    }

    public Task<EsResponse> DeleteAsync(EsRequest request)
    {
        var p = request.Parameters;
        var expression = p.Get("index")!;
        p.GetTime("timeout", null);
        p.GetTime("master_timeout", null);
        p.GetBool("ignore_unavailable", false);
        p.GetBool("allow_no_indices", true);
        p.Get("expand_wildcards");
        p.EnsureAllConsumed(request.Path);
        _cluster.DeleteIndices(expression);
        return Task.FromResult(new EsResponse(200, Acknowledged));
    }

    private List<ResolvedIndex> Resolve(RequestParameters p, string? expression)
    {
        var ignoreUnavailable = p.GetBool("ignore_unavailable", false);
        var allowNoIndices = p.GetBool("allow_no_indices", true);
        var expand = p.Get("expand_wildcards") ?? "open";
        p.GetBool("local", false);
        p.GetTime("master_timeout", null);
        return _cluster.ResolveMany(expression, ignoreUnavailable, allowNoIndices, expand.Split(',').Any(e => e is "all" or "hidden"));
    }

    public Task<EsResponse> GetAsync(EsRequest request)
    {
        var p = request.Parameters;
        var expression = p.Get("index");
        var flat = p.GetBool("flat_settings", false);
        p.GetBool("include_defaults", false);
        p.Get("features");
        List<ResolvedIndex> indices;
        try
        {
            indices = Resolve(p, expression);
            p.EnsureAllConsumed(request.Path);
        }
        catch (EsException) when (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(404));
        }

        if (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(indices.Count > 0 ? 200 : 404));
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (index, _) in indices)
            {
                writer.WriteStartObject(index.Name);
                writer.WritePropertyName("aliases");
                index.Aliases.WriteTo(writer);
                writer.WritePropertyName("mappings");
                index.Mappings.ToJson().WriteTo(writer);
                writer.WritePropertyName("settings");
                WriteSettings(writer, index, flat);
                if (index.DataStream is not null)
                {
                    writer.WriteString("data_stream", index.DataStream);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        })));
    }

    private static void WriteSettings(Utf8JsonWriter writer, EmulatedIndex index, bool flat)
    {
        if (!flat)
        {
            SettingsTree.Write(writer, index.Settings.Flat);
            return;
        }

        writer.WriteStartObject();
        foreach (var (key, value) in index.Settings.Flat)
        {
            if (value is string[] list)
            {
                writer.WriteStartArray(key);
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString(key, (string)value);
            }
        }

        writer.WriteEndObject();
    }

    public Task<EsResponse> GetMappingAsync(EsRequest request)
    {
        var p = request.Parameters;
        var indices = Resolve(p, p.Get("index"));
        p.EnsureAllConsumed(request.Path);
        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (index, _) in indices)
            {
                writer.WriteStartObject(index.Name);
                writer.WritePropertyName("mappings");
                index.Mappings.ToJson().WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        })));
    }

    public Task<EsResponse> PutMappingAsync(EsRequest request)
    {
        var p = request.Parameters;
        var expression = p.Get("index")!;
        p.GetTime("timeout", null);
        p.GetBool("write_index_only", false);
        var indices = Resolve(p, expression);
        p.EnsureAllConsumed(request.Path);
        if (!request.HasBody)
        {
            throw JsonBody.RequestBodyRequired();
        }

        var mapping = TemplateParser.ParseMappings(JsonBody.ReadValue(request.Body));
        foreach (var (index, _) in indices)
        {
            index.Mappings.Merge(mapping);
        }

        return Task.FromResult(new EsResponse(200, Acknowledged));
    }

    public Task<EsResponse> GetSettingsAsync(EsRequest request)
    {
        var p = request.Parameters;
        var flat = p.GetBool("flat_settings", false);
        p.GetBool("include_defaults", false);
        var nameFilter = p.Get("name");
        var indices = Resolve(p, p.Get("index"));
        p.EnsureAllConsumed(request.Path);
        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (index, _) in indices)
            {
                writer.WriteStartObject(index.Name);
                writer.WritePropertyName("settings");
                if (nameFilter is null)
                {
                    WriteSettings(writer, index, flat);
                }
                else
                {
                    var patterns = nameFilter.Split(',');
                    var selected = index.Settings.Flat.Where(s => patterns.Any(pattern => GlobPattern.IsMatch(pattern, s.Key)))
                        .ToDictionary(s => s.Key, s => s.Value);
                    SettingsTree.Write(writer, selected);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        })));
    }

    public Task<EsResponse> PutSettingsAsync(EsRequest request)
    {
        var p = request.Parameters;
        var expression = p.Get("index");
        p.GetTime("timeout", null);
        p.GetBool("preserve_existing", false);
        p.GetBool("reopen", false);
        var indices = Resolve(p, expression);
        p.EnsureAllConsumed(request.Path);
        if (!request.HasBody)
        {
            throw JsonBody.RequestBodyRequired();
        }

        var root = JsonBody.ReadValue(request.Body);
        var settings = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("settings", out var nested) ? nested : root;
        var changes = SettingsTree.Flatten(settings);
        foreach (var (index, _) in indices)
        {
            _cluster.UpdateSettings(index, changes);
        }

        return Task.FromResult(new EsResponse(200, Acknowledged));
    }

    public Task<EsResponse> RefreshAsync(EsRequest request)
    {
        var p = request.Parameters;
        var indices = Resolve(p, p.Get("index"));
        p.EnsureAllConsumed(request.Path);
        var total = 0;
        var successful = 0;
        foreach (var (index, _) in indices)
        {
            index.RefreshAll();
            total += index.Settings.NumberOfShards * index.Settings.TotalCopies;
            successful += index.Settings.NumberOfShards;
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_shards");
            writer.WriteNumber("total", total);
            writer.WriteNumber("successful", successful);
            writer.WriteNumber("failed", 0);
            writer.WriteEndObject();
            writer.WriteEndObject();
        })));
    }

    public Task<EsResponse> GetDataStreamsAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name");
        p.Get("expand_wildcards");
        p.GetBool("include_defaults", false);
        p.EnsureAllConsumed(request.Path);
        var streams = _cluster.DataStreams
            .Where(s => name is null || name.Split(',').Any(n => GlobPattern.IsMatch(n, s.Name)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        if (streams.Count == 0 && name is not null && !GlobPattern.HasWildcard(name))
        {
            throw EsErrors.IndexNotFound(name, "index_or_alias");
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data_streams");
            foreach (var stream in streams)
            {
                writer.WriteStartObject();
                writer.WriteString("name", stream.Name);
                writer.WriteStartObject("timestamp_field");
                writer.WriteString("name", "@timestamp");
                writer.WriteEndObject();
                writer.WriteStartArray("indices");
                foreach (var backing in stream.BackingIndices)
                {
                    writer.WriteStartObject();
                    writer.WriteString("index_name", backing.Name);
                    writer.WriteString("index_uuid", backing.Uuid);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteNumber("generation", stream.BackingIndices.Count);
                writer.WriteString("status", stream.WriteIndex.Settings.NumberOfReplicas > 0 ? "YELLOW" : "GREEN");
                writer.WriteString("template", stream.TemplateName);
                writer.WriteBoolean("hidden", false);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        })));
    }

    public Task<EsResponse> DeleteDataStreamAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name")!;
        p.Get("expand_wildcards");
        p.GetTime("master_timeout", null);
        p.EnsureAllConsumed(request.Path);
        foreach (var part in name.Split(','))
        {
            _cluster.DeleteDataStream(part);
        }

        return Task.FromResult(new EsResponse(200, Acknowledged));
    }
}
