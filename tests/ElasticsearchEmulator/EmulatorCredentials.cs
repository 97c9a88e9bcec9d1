namespace Coordination.ElasticsearchEmulator;

/// <summary>
/// Credentials the emulator demands when set (like a cluster with security enabled). Any of the three schemes may be
/// configured; a request is accepted when it presents any configured one correctly.
/// </summary>
public sealed class EmulatorCredentials
{
    /// <summary>User name for <c>Authorization: Basic</c>; null disables the basic realm.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>API key id for <c>Authorization: ApiKey base64(id:key)</c>; null disables API keys.</summary>
    public string? ApiKeyId { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Token for <c>Authorization: Bearer</c>; null disables bearer tokens.</summary>
    public string? BearerToken { get; init; }

    /// <summary>The value a client sends for the configured API key: base64("id:key").</summary>
    public string? EncodedApiKey => ApiKeyId is null || ApiKey is null
        ? null
        : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ApiKeyId + ":" + ApiKey));
}
