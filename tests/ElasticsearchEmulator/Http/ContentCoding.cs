using System.Globalization;
using System.IO.Compression;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>
/// HTTP content codings the way an Elasticsearch node's Netty pipeline applies them: request bodies sent with
/// <c>Content-Encoding: gzip</c> or <c>deflate</c> are inflated before anything reads them (the official .NET client
/// gzips every body by default), and responses are gzip- or deflate-compressed when the request's
/// <c>Accept-Encoding</c> allows it and <c>http.compression</c> is on.
/// </summary>
internal static class ContentCoding
{
    public const string Gzip = "gzip";
    public const string Deflate = "deflate";

    /// <summary>
    /// Decodes <paramref name="raw"/> according to <paramref name="contentEncoding"/>. Like Netty's decompressor, the
    /// header must name exactly one coding (compared case-insensitively, <c>x-gzip</c> and <c>x-deflate</c> included);
    /// <c>identity</c>, an absent header and any coding the node does not know leave the bytes as they are, so an
    /// unknown coding surfaces later as a body that does not parse. False when the body does not follow the coding
    /// it claims (bad header, bad data, bad checksum).
    /// </summary>
    public static bool TryDecode(string? contentEncoding, ReadOnlyMemory<byte> raw, out ReadOnlyMemory<byte> body)
    {
        body = raw;
        var coding = contentEncoding?.Trim();
        var gzip = string.Equals(coding, Gzip, StringComparison.OrdinalIgnoreCase) || string.Equals(coding, "x-gzip", StringComparison.OrdinalIgnoreCase);
        var deflate = string.Equals(coding, Deflate, StringComparison.OrdinalIgnoreCase) || string.Equals(coding, "x-deflate", StringComparison.OrdinalIgnoreCase);
        if ((!gzip && !deflate) || raw.IsEmpty)
        {
            return true;
        }

        try
        {
            using var input = new MemoryStream(raw.ToArray(), writable: false);
            using Stream inflater = gzip
                ? new GZipStream(input, CompressionMode.Decompress)
                : HasZlibHeader(raw.Span)
                    ? new ZLibStream(input, CompressionMode.Decompress)
                    : new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 4);
            inflater.CopyTo(output);
            body = output.ToArray();
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// HTTP "deflate" is meant to be zlib-wrapped, but some senders send a bare deflate stream; Netty accepts both
    /// (ZLIB_OR_NONE), telling them apart by the zlib header: method 8 in the low nibble and a header checksum.
    /// </summary>
    private static bool HasZlibHeader(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && (data[0] & 0x0F) == 8 && ((data[0] << 8) | data[1]) % 31 == 0;

    /// <summary>
    /// The coding to answer with for this <c>Accept-Encoding</c>, or null for none. As Netty's compressor does, the
    /// higher quality of gzip and deflate wins, gzip on a tie, <c>*</c> standing in for either, and q=0 refusing.
    /// </summary>
    public static string? ChooseResponseCoding(string? acceptEncoding)
    {
        if (string.IsNullOrWhiteSpace(acceptEncoding))
        {
            return null;
        }

        float? gzip = null, deflate = null, star = null;
        foreach (var element in acceptEncoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var semicolon = element.IndexOf(';', StringComparison.Ordinal);
            var name = (semicolon >= 0 ? element[..semicolon] : element).Trim();
            var quality = 1f;
            if (semicolon >= 0)
            {
                var parameter = element[(semicolon + 1)..].Trim();
                if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && !float.TryParse(parameter[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out quality))
                {
                    quality = 0f;
                }
            }

            if (name.Equals(Gzip, StringComparison.OrdinalIgnoreCase) || name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            {
                gzip = quality;
            }
            else if (name.Equals(Deflate, StringComparison.OrdinalIgnoreCase))
            {
                deflate = quality;
            }
            else if (name == "*")
            {
                star = quality;
            }
        }

        var g = gzip ?? star ?? 0f;
        var d = deflate ?? star ?? 0f;
        if (g <= 0f && d <= 0f)
        {
            return null;
        }

        return g >= d ? Gzip : Deflate;
    }

    /// <summary>
    /// Compresses a response body. Fastest is the closest .NET level to Elasticsearch's default
    /// <c>http.compression_level</c> of 3: cheap, and compression ratio is not what tests look at.
    /// </summary>
    public static byte[] Encode(string coding, byte[] body)
    {
        using var output = new MemoryStream(body.Length / 2 + 64);
        using (Stream deflater = coding == Gzip
                   ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)
                   : new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflater.Write(body);
        }

        return output.ToArray();
    }
}
