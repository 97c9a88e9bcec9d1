using System.Globalization;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Mapping;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>Index and data-stream creation (explicit, and on the fly for writes) and settings updates.</summary>
internal sealed partial class Cluster
{
    /// <summary>PUT /{index}: creates the index from the matching templates overlaid with the request body.</summary>
    public EmulatedIndex CreateIndex(string name, ReadOnlyMemory<byte> body)
    {
        IndexNames.Validate(name);
        SortedDictionary<string, object>? settings = null;
        JsonObject? mappings = null;
        JsonObject? aliases = null;
        if (!body.IsEmpty)
        {
            foreach (var field in JsonBody.ReadObject(body, "create_index"))
            {
                switch (field.Name)
                {
                    case "settings":
                        settings = SettingsTree.Flatten(field.Value);
                        break;
                    case "mappings":
                        mappings = TemplateParser.ParseMappings(field.Value);
                        break;
                    case "aliases":
                        aliases = TemplateParser.NormalizeAliases(field.Value);
                        break;
                    default:
                        throw EsErrors.Parse($"unknown key [{field.Name}] for create index");
                }
            }
        }

        lock (_gate)
        {
            if (_indices.TryGetValue(name, out var existing))
            {
                throw EsErrors.ResourceAlreadyExists(name, existing.Uuid);
            }

            if (_dataStreams.ContainsKey(name))
            {
                throw EsErrors.ResourceAlreadyExists(name, "_na_");
            }

            var resolved = Templates.Resolve(name, hidden: name.StartsWith('.'));
            if (resolved.IsDataStream)
            {
                throw EsErrors.IllegalArgument(
                    $"cannot create index with name [{name}], because it matches with template [{resolved.Composable!.Name}] that creates data streams only, use create data stream api instead");
            }

            return CreateLocked(name, resolved, settings, mappings, aliases, dataStream: null);
        }
    }

    public void UpdateSettings(EmulatedIndex index, SortedDictionary<string, object> changes)
    {
        lock (_gate)
        {
            foreach (var key in changes.Keys)
            {
                if (key is "index.number_of_shards" or "index.number_of_routing_shards" or "index.uuid" or "index.creation_date" or "index.provided_name" or "index.version.created")
                {
                    throw EsErrors.IllegalArgument($"final {index.Name} setting [{key}], not updateable");
                }
            }

            var merged = new SortedDictionary<string, object>((IDictionary<string, object>)index.Settings.Flat, StringComparer.Ordinal);
            foreach (var (key, value) in changes)
            {
                merged[key] = value;
            }

            index.UpdateSettings(IndexSettings.From(merged));
            SignalChanged();
        }
    }

    private EmulatedIndex CreateLocked(
        string name,
        ResolvedTemplate resolved,
        SortedDictionary<string, object>? requestSettings,
        JsonObject? requestMappings,
        JsonObject? requestAliases,
        string? dataStream)
    {
        if (_aliases.ContainsKey(name))
        {
            throw EsErrors.InvalidIndexName(name, "already exists as alias");
        }

        var flat = new SortedDictionary<string, object>(resolved.Settings, StringComparer.Ordinal);
        if (requestSettings is not null)
        {
            foreach (var (key, value) in requestSettings)
            {
                flat[key] = value;
            }
        }

        if (dataStream is not null)
        {
            flat["index.hidden"] = "true";
        }

        flat.TryAdd("index.number_of_shards", "1");
        flat.TryAdd("index.number_of_replicas", "1");
        var settings = IndexSettings.From(flat);

        var uuid = EmulatedIndex.NewUuid();
        var now = Clock.GetUtcNow();
        flat["index.creation_date"] = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        flat["index.uuid"] = uuid;
        flat["index.provided_name"] = name;
        flat["index.version.created"] = "8512000";
        flat.TryAdd("index.routing.allocation.include._tier_preference", "data_content");
        settings = IndexSettings.From(flat);

        var mappings = new MappingState();
        foreach (var mapping in resolved.Mappings)
        {
            mappings.Merge(mapping);
        }

        if (requestMappings is not null)
        {
            mappings.Merge(requestMappings);
        }

        if (dataStream is not null)
        {
            mappings.Merge(new JsonObject
            {
                ["_data_stream_timestamp"] = new JsonObject { ["enabled"] = true },
                ["properties"] = new JsonObject { ["@timestamp"] = new JsonObject { ["type"] = "date" } },
            });
        }

        var aliases = (JsonObject)resolved.Aliases.DeepClone();
        if (requestAliases is not null)
        {
            foreach (var (alias, definition) in requestAliases)
            {
                aliases[alias] = definition?.DeepClone();
            }
        }

        foreach (var (alias, _) in aliases)
        {
            if (_indices.ContainsKey(alias) || _dataStreams.ContainsKey(alias) || alias == name)
            {
                throw new EsException(400, "invalid_alias_name_exception", $"Invalid alias name [{alias}]: an index or data stream exists with the same name as the alias")
                    .With("index_uuid", "_na_").With("index", alias);
            }
        }

        var index = new EmulatedIndex(name, uuid, settings, mappings, aliases, Clock, SignalRefreshListener, dataStream);
        _indices[name] = index;
        RebuildAliasesLocked();
        SignalChanged();
        return index;
    }

    private DataStreamState CreateDataStreamLocked(string name, ResolvedTemplate resolved)
    {
        var backingName = $".ds-{name}-{Clock.GetUtcNow():yyyy.MM.dd}-000001";
        var backing = CreateLocked(backingName, resolved, null, null, null, name);
        var stream = new DataStreamState { Name = name, TemplateName = resolved.Composable!.Name, BackingIndices = [backing] };
        _dataStreams[name] = stream;
        return stream;
    }
}
