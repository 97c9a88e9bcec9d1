using System.Text.Json.Serialization;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>A lock-shaped document: what the providers store, with names fixed so the wire JSON is predictable.</summary>
public sealed record LockDocument
{
    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    [JsonPropertyName("token")]
    public long Token { get; init; }

    [JsonPropertyName("nonce")]
    public string? Nonce { get; init; }
}

/// <summary>A partial document for update's <c>doc</c>: only the owner and nonce change.</summary>
public sealed record LockChange
{
    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    [JsonPropertyName("nonce")]
    public string? Nonce { get; init; }
}

/// <summary>The shape of an Orleans membership table kept as one document per cluster.</summary>
public sealed record MembershipDocument
{
    [JsonPropertyName("cluster_id")]
    public required string ClusterId { get; init; }

    [JsonPropertyName("version")]
    public int Version { get; init; }

    [JsonPropertyName("write_id")]
    public string? WriteId { get; init; }

    [JsonPropertyName("members")]
    public List<MemberEntry> Members { get; init; } = [];
}

public sealed record MemberEntry
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("i_am_alive")]
    public DateTimeOffset IAmAlive { get; init; }
}
