using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Search;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>A document write that went through: what DocWriteResponse prints.</summary>
internal sealed class WriteResult
{
    public required EmulatedIndex Index { get; init; }

    public required StoredDocument Document { get; init; }

    /// <summary>created, updated, deleted, not_found or noop.</summary>
    public required string Result { get; init; }

    public required int Status { get; init; }

    public bool ForcedRefresh { get; set; }

    public bool IsNoop => Result == "noop";

    /// <summary>For updates that asked for the source back (the <c>get</c> section).</summary>
    public SourceFilter? GetSource { get; init; }

    public string Location
    {
        get
        {
            var location = "/" + UrlCoding.JavaUrlEncode(Index.Name) + "/_doc/" + UrlCoding.JavaUrlEncode(Document.Id);
            return Document.Routing is null ? location : location + "?routing=" + UrlCoding.JavaUrlEncode(Document.Routing);
        }
    }

    /// <summary>Writes the DocWriteResponse fields (without the enclosing braces, so bulk items can append status).</summary>
    public void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("_index", Index.Name);
        writer.WriteString("_id", Document.Id);
        writer.WriteNumber("_version", Document.Version);
        writer.WriteString("result", Result);
        if (ForcedRefresh)
        {
            writer.WriteBoolean("forced_refresh", true);
        }

        writer.WriteStartObject("_shards");
        var (total, successful) = IsNoop ? (0, 0) : Index.WriteShardHeader;
        writer.WriteNumber("total", total);
        writer.WriteNumber("successful", successful);
        writer.WriteNumber("failed", 0);
        writer.WriteEndObject();
        writer.WriteNumber("_seq_no", Document.SeqNo);
        writer.WriteNumber("_primary_term", Document.PrimaryTerm);
        if (GetSource is { } filter && !Document.IsDeleted)
        {
            writer.WriteStartObject("get");
            writer.WriteNumber("_seq_no", Document.SeqNo);
            writer.WriteNumber("_primary_term", Document.PrimaryTerm);
            if (Document.Routing is not null)
            {
                writer.WriteString("_routing", Document.Routing);
            }

            writer.WriteBoolean("found", true);
            if (filter.Fetch)
            {
                writer.WritePropertyName("_source");
                filter.WriteFiltered(writer, Document.Source!, Document.SourceElement);
            }

            writer.WriteEndObject();
        }
    }

    public EsResponse ToResponse()
    {
        var body = JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            WriteFields(writer);
            writer.WriteEndObject();
        });
        var response = new EsResponse(Status, body);
        return Status == 201 ? response.WithHeader("Location", Location) : response;
    }
}
