using Microsoft.AspNetCore.Http;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>An incoming REST request, decoded the way Elasticsearch decodes it.</summary>
internal sealed class EsRequest
{
    public EsRequest(HttpContext context, string method, string uri, string rawPath, string[] segments, RequestParameters parameters)
    {
        Context = context;
        Method = method;
        Uri = uri;
        RawPath = rawPath;
        Segments = segments;
        Parameters = parameters;
        Path = UrlCoding.Decode(rawPath);
    }

    public HttpContext Context { get; }

    /// <summary>Upper-case HTTP method.</summary>
    public string Method { get; }

    public bool IsHead => Method == "HEAD";

    /// <summary>The request target as received (path and query), used in security messages.</summary>
    public string Uri { get; }

    public string RawPath { get; }

    /// <summary>The decoded path, used in "unrecognized parameter" messages.</summary>
    public string Path { get; }

    /// <summary>Decoded, non-empty path segments (a percent-encoded '/' stays inside its segment).</summary>
    public string[] Segments { get; }

    public RequestParameters Parameters { get; }

    public ReadOnlyMemory<byte> Body { get; set; }

    public bool HasBody => !Body.IsEmpty;

    /// <summary>True when the client asked for the versioned media type, so the answer uses it too.</summary>
    public bool VendorMediaType { get; set; }

    public int CompatibleWith { get; set; }

    public CancellationToken Aborted => Context.RequestAborted;

    public static EsRequest From(HttpContext context)
    {
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            target = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }

        var question = target.IndexOf('?');
        var rawPath = question >= 0 ? target[..question] : target;
        var query = question >= 0 ? target[(question + 1)..] : string.Empty;

        var parts = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            segments[i] = UrlCoding.Decode(parts[i]);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (query.Length > 0)
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var name = UrlCoding.Decode(eq >= 0 ? pair[..eq] : pair);
                var value = eq >= 0 ? UrlCoding.Decode(pair[(eq + 1)..]) : string.Empty;
                values[name] = value;
            }
        }

        return new EsRequest(context, context.Request.Method.ToUpperInvariant(), target, rawPath, segments, new RequestParameters(values));
    }
}
