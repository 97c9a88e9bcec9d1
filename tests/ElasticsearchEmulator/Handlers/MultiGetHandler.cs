using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Search;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>
/// <c>GET|POST [/{index}]/_mget</c>: many realtime gets in one request. The answer is always 200 (once the request
/// validates); each item is a get result, a <c>found:false</c>, or its own error envelope (a missing index, say).
/// </summary>
internal sealed class MultiGetHandler
{
    private readonly Cluster _cluster;

    public MultiGetHandler(Cluster cluster)
    {
        _cluster = cluster;
    }

    private sealed class Item
    {
        public string? Index { get; set; }

        public string? Id { get; set; }

        public string? Routing { get; set; }

        public SourceFilter? Filter { get; set; }

        public string[]? StoredFields { get; set; }

        public long Version { get; set; } = Versions.MatchAny;

        public VersionType VersionType { get; set; } = VersionType.Internal;
    }

    public Task<EsResponse> HandleAsync(EsRequest request)
    {
        var p = request.Parameters;
        var defaultIndex = p.Get("index");
        var defaultRouting = p.Get("routing");
        p.Get("preference");
        var realtime = p.GetBool("realtime", true);
        var refresh = p.GetBool("refresh", false);
        if (p.Get("fields") is not null)
        {
            throw EsErrors.IllegalArgument("the parameter [fields] is no longer supported, please use [stored_fields] to retrieve stored fields or _source filtering if the field is not stored");
        }

        var defaultStoredFields = p.Get("stored_fields")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var defaultFilter = SourceFilter.FromParameters(p);
        p.EnsureAllConsumed(request.Path);

        var items = request.HasBody ? ParseBody(request.Body, defaultIndex, defaultRouting, defaultFilter, defaultStoredFields) : [];
        var errors = new List<string>();
        if (items.Count == 0)
        {
            errors.Add("no documents to get");
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Index is null)
            {
                errors.Add($"index is missing for doc {i}");
            }

            if (items[i].Id is null)
            {
                errors.Add($"id is missing for doc {i}");
            }
        }

        DocumentHandlers.ThrowIfInvalid(errors);

        // Resolve everything first, then write: a get is a point-in-time read of each item in order.
        var results = new List<(Item Item, EmulatedIndex? Index, StoredDocument? Document, EsException? Failure)>(items.Count);
        foreach (var item in items)
        {
            try
            {
                var index = _cluster.ResolveForRead(item.Index!, isWrite: false);
                var shard = index.ShardFor(item.Id!, item.Routing);
                if (refresh)
                {
                    shard.Refresh();
                }

                var document = realtime ? shard.GetLive(item.Id!) : shard.GetSearchable(item.Id!);
                if (document is not null && VersionTypes.IsConflictForReads(item.VersionType, document.Version, item.Version))
                {
                    throw shard.Conflict(item.Id!, VersionTypes.ExplainConflictForReads(item.VersionType, document.Version, item.Version));
                }

                results.Add((item, index, document, null));
            }
            catch (EsException e)
            {
                results.Add((item, null, null, e));
            }
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("docs");
            foreach (var (item, index, document, failure) in results)
            {
                writer.WriteStartObject();
                if (failure is not null)
                {
                    writer.WriteString("_index", item.Index);
                    writer.WriteString("_id", item.Id);
                    writer.WritePropertyName("error");
                    ErrorEnvelope.WriteError(writer, failure);
                }
                else if (document is null)
                {
                    writer.WriteString("_index", index!.Name);
                    writer.WriteString("_id", item.Id);
                    writer.WriteBoolean("found", false);
                }
                else
                {
                    DocumentHandlers.WriteFoundFields(writer, index!.Name, item.Id!, document, item.Filter, item.StoredFields);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        })));
    }

    private static List<Item> ParseBody(ReadOnlyMemory<byte> body, string? defaultIndex, string? defaultRouting, SourceFilter? defaultFilter, string[]? defaultStoredFields)
    {
        var items = new List<Item>();
        foreach (var field in JsonBody.ReadObject(body, "mget"))
        {
            switch (field.Name)
            {
                case "docs" when field.Value.ValueKind == JsonValueKind.Array:
                    foreach (var doc in field.Value.EnumerateArray())
                    {
                        if (doc.ValueKind != JsonValueKind.Object)
                        {
                            throw EsErrors.Parse("docs array element should include an object");
                        }

                        items.Add(ParseDoc(doc, defaultIndex, defaultRouting, defaultFilter, defaultStoredFields));
                    }

                    break;
                case "ids" when field.Value.ValueKind == JsonValueKind.Array:
                    foreach (var id in field.Value.EnumerateArray())
                    {
                        if (id.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                        {
                            throw EsErrors.IllegalArgument("ids array element should only contain ids");
                        }

                        items.Add(new Item
                        {
                            Index = defaultIndex,
                            Id = id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText(),
                            Routing = defaultRouting,
                            Filter = defaultFilter,
                            StoredFields = defaultStoredFields,
                        });
                    }

                    break;
                default:
                    throw field.Value.ValueKind == JsonValueKind.Array
                        ? EsErrors.Parse($"unknown key [{field.Name}] for a START_ARRAY, expected [docs] or [ids]")
                        : EsErrors.Parse($"unexpected token [{JsonBody.TokenName(field.Value.ValueKind)}], expected [docs] or [ids]");
            }
        }

        return items;
    }

    private static Item ParseDoc(JsonElement doc, string? defaultIndex, string? defaultRouting, SourceFilter? defaultFilter, string[]? defaultStoredFields)
    {
        var item = new Item { Index = defaultIndex, Routing = defaultRouting, Filter = defaultFilter, StoredFields = defaultStoredFields };
        foreach (var property in doc.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "_index":
                    item.Index = Text(value);
                    break;
                case "_id":
                    item.Id = Text(value);
                    break;
                case "routing":
                    item.Routing = Text(value);
                    break;
                case "stored_fields":
                    item.StoredFields = JsonBody.AsStringList(value)?.ToArray();
                    break;
                case "_source":
                    item.Filter = SourceFilter.FromJson(value);
                    break;
                case "version":
                    item.Version = JsonBody.AsLong(value) ?? throw EsErrors.Parse($"failed to parse multi get request. unknown field [{property.Name}]");
                    break;
                case "version_type":
                    item.VersionType = VersionTypes.Parse(Text(value), VersionType.Internal);
                    break;
                default:
                    throw EsErrors.Parse($"failed to parse multi get request. unknown field [{property.Name}]");
            }
        }

        return item;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
