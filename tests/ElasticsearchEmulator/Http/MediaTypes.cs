using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>
/// The Accept / Content-Type rules of a server of major N (9 by default): plain JSON and the vendor type with
/// compatible-with N or N - 1 are accepted (so the official 9.x client's 9 and an 8.x client's 8 both work on a 9.x,
/// and 8 and 7 on an 8.x); anything else, including N + 1, is a 400 <c>media_type_header_exception</c> caused by a
/// <c>status_exception</c> that quotes the header as sent; a body in a format the emulator does not read is a 406 with
/// a plain-string error. A request that asked with the vendor type is answered with the vendor type of the version it
/// asked for (<c>application/vnd.elasticsearch+json;compatible-with=N</c>, no space, as Elasticsearch writes it).
/// </summary>
internal static class MediaTypes
{
    public const string VendorJsonResponse = "application/vnd.elasticsearch+json;compatible-with=";

    private sealed record ParsedMediaType(string Type, string Subtype, Dictionary<string, string> Parameters, string Original)
    {
        public string MediaType => Type + "/" + Subtype;
    }

    /// <summary>Returns an error response when the headers are not acceptable, otherwise null.</summary>
    public static EsResponse? Validate(EsRequest request, int currentMajor)
    {
        var headers = request.Context.Request.Headers;
        var acceptRaw = headers.Accept.Count > 0 ? headers.Accept.ToString() : null;
        var contentTypeRaw = headers.ContentType.Count > 0 ? headers.ContentType.ToString() : null;

        // The common case (plain JSON or no headers) needs no parsing.
        if (acceptRaw is null or "application/json" or "*/*" && (contentTypeRaw is "application/json" || (contentTypeRaw is null && !request.HasBody)))
        {
            request.CompatibleWith = currentMajor;
            return null;
        }

        ParsedMediaType? accept;
        ParsedMediaType? contentType;
        try
        {
            accept = Parse(acceptRaw);
        }
        catch (EsException e)
        {
            throw HeaderException(e, "Accept");
        }

        try
        {
            contentType = Parse(contentTypeRaw);
        }
        catch (EsException e)
        {
            throw HeaderException(e, "Content-Type");
        }

        var acceptVersion = VersionOf(accept);
        var contentVersion = VersionOf(contentType);
        var previousMajor = currentMajor - 1;
        var effectiveAccept = acceptVersion ?? currentMajor;
        var effectiveContent = contentVersion ?? currentMajor;
        if (effectiveAccept > currentMajor || effectiveAccept < previousMajor)
        {
            throw HeaderException(
                new EsException(400, "status_exception", $"Accept version must be either version {currentMajor} or {previousMajor}, but found {effectiveAccept}. Accept={acceptRaw}"),
                "Accept",
                "Content-Type");
        }

        if (request.HasBody)
        {
            if (effectiveContent > currentMajor || effectiveContent < previousMajor)
            {
                throw HeaderException(
                    new EsException(400, "status_exception", $"Content-Type version must be either version {currentMajor} or {previousMajor}, but found {effectiveContent}. Content-Type={contentTypeRaw}"),
                    "Accept",
                    "Content-Type");
            }

            if (effectiveContent != effectiveAccept)
            {
                throw HeaderException(
                    new EsException(400, "status_exception", $"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match. Accept={acceptRaw}, Content-Type={contentTypeRaw}"),
                    "Accept",
                    "Content-Type");
            }

            if ((contentVersion is null) != (acceptVersion is null))
            {
                throw HeaderException(
                    new EsException(400, "status_exception", $"A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept={acceptRaw}, Content-Type={contentTypeRaw}"),
                    "Accept",
                    "Content-Type");
            }

            if (contentType is null)
            {
                return new EsResponse(406, ErrorEnvelope.RenderPlain("Content-Type header is missing", 406));
            }

            if (!IsReadable(contentType))
            {
                return new EsResponse(406, ErrorEnvelope.RenderPlain($"Content-Type header [{contentTypeRaw}] is not supported", 406));
            }
        }

        request.CompatibleWith = acceptVersion ?? contentVersion ?? currentMajor;
        request.VendorMediaType = accept?.Subtype.StartsWith("vnd.elasticsearch", StringComparison.Ordinal) == true && acceptVersion is not null;
        return null;
    }

    private static bool IsReadable(ParsedMediaType type) =>
        type.MediaType is "application/json" or "application/x-ndjson" or "application/vnd.elasticsearch+json" or "application/vnd.elasticsearch+x-ndjson";

    private static int? VersionOf(ParsedMediaType? type)
    {
        if (type is null || !type.Parameters.TryGetValue("compatible-with", out var raw))
        {
            return null;
        }

        if (!sbyte.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            throw HeaderException(EsErrors.NumberFormat(raw), "Accept", "Content-Type");
        }

        return version;
    }

    private static ParsedMediaType? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Contains(',') || header.Trim() == "*/*")
        {
            return null;
        }

        var elements = header.ToLowerInvariant().Split(';');
        var typeParts = elements[0].Split('/');
        if (typeParts.Length != 2 || !IsToken(typeParts[0].Trim()) || !IsToken(typeParts[1].Trim()))
        {
            throw EsErrors.IllegalArgument($"invalid media-type [{header}]");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < elements.Length; i++)
        {
            var element = elements[i].TrimStart(' ', '\t');
            if (element.Length == 0)
            {
                continue;
            }

            var pair = element.Split('=');
            if (pair.Length != 2 || pair[0].EndsWith(' ') || pair[1].StartsWith(' '))
            {
                throw EsErrors.IllegalArgument($"invalid parameters for header [{header}]");
            }

            parameters[pair[0].Trim()] = pair[1].Trim();
        }

        return new ParsedMediaType(typeParts[0].Trim(), typeParts[1].Trim(), parameters, header);
    }

    private static bool IsToken(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                return false;
            }
        }

        return true;
    }

    private static EsException HeaderException(EsException cause, params string[] headers) =>
        new(400, "media_type_header_exception", $"Invalid media-type value on headers [{string.Join(", ", headers)}]", cause, isElasticsearchException: false);
}
