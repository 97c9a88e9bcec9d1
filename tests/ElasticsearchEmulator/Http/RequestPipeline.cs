using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>
/// Everything between Kestrel and the handlers, in Elasticsearch's order: media types, authentication, routing,
/// then (emulator only) traffic counting and fault injection around the handler, then response formatting.
/// </summary>
internal sealed class RequestPipeline
{
    private readonly Cluster _cluster;
    private readonly RouteTable _routes;
    private readonly RouteTable _controlRoutes;
    private readonly Authenticator _authenticator;
    private readonly FaultInjector _faults;
    private readonly TrafficStats _stats;
    private readonly int _majorVersion;
    private readonly bool _compression;
    private readonly ILogger _logger;

    public RequestPipeline(Cluster cluster, RouteTable routes, RouteTable controlRoutes, Authenticator authenticator, FaultInjector faults, TrafficStats stats, int majorVersion, bool compression, ILogger logger)
    {
        _compression = compression;
        _cluster = cluster;
        _routes = routes;
        _controlRoutes = controlRoutes;
        _authenticator = authenticator;
        _faults = faults;
        _stats = stats;
        _majorVersion = majorVersion;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        EsRequest request;
        try
        {
            request = EsRequest.From(context);
            var raw = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted).ConfigureAwait(false);
            if (!ContentCoding.TryDecode(context.Request.Headers.ContentEncoding.ToString(), raw, out var body))
            {
                // A node inflates bodies in its Netty pipeline (HttpContentDecompressor), before any REST handling; a
                // corrupt stream fails there, and the transport's exception handler logs it and closes the channel.
                // So the client gets no HTTP answer at all, just a closed connection, and nothing has run. (A
                // truncated stream is not corrupt to Netty: it inflates what it got, and the truncated JSON then
                // fails to parse with a 400, which is also what happens here when the inflater accepts the prefix.)
                _logger.LogWarning("Closing the connection: the {Encoding} body of {Method} {Uri} does not decode", context.Request.Headers.ContentEncoding.ToString(), request.Method, request.Uri);
                context.Abort();
                return;
            }

            request.Body = body;
        }
        catch (EsException e)
        {
            await WriteAsync(context, null, ErrorResponse(e)).ConfigureAwait(false);
            return;
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (request.Segments.Length > 0 && request.Segments[0] == "_emulator")
        {
            await HandleControlAsync(context, request).ConfigureAwait(false);
            return;
        }

        FaultRule? outcome = null;
        EsResponse response;
        try
        {
            var mediaError = MediaTypes.Validate(request, _majorVersion);
            if (mediaError is not null)
            {
                await WriteAsync(context, request, mediaError).ConfigureAwait(false);
                return;
            }

            _authenticator.Authenticate(request);
            var match = _routes.Match(request.Method, request.Segments);
            if (match.Route is null)
            {
                await WriteAsync(context, request, NoHandler(request, match)).ConfigureAwait(false);
                return;
            }

            foreach (var (name, value) in match.PathParameters)
            {
                request.Parameters.SetPathParameter(name, value);
            }

            if (request.HasBody && !match.Route.AcceptsBody)
            {
                throw EsErrors.IllegalArgument($"request [{request.Method} {request.Path}] does not support having a body");
            }

            var operation = match.Route.Operation(request);
            _stats.Count(operation);
            var plan = _faults.Plan(operation, TargetIndices(request), request.Parameters.All.GetValueOrDefault("id"));
            if (plan is not null)
            {
                var rejection = await ApplyPreFaultsAsync(plan, operation, request).ConfigureAwait(false);
                if (rejection is not null)
                {
                    await WriteAsync(context, request, rejection).ConfigureAwait(false);
                    return;
                }

                outcome = plan.Outcome;
            }

            response = await match.Route.Handler(request).ConfigureAwait(false);
        }
        catch (EsException e)
        {
            response = ErrorResponse(e);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (InvalidOperationException e) when (e.TargetSite?.DeclaringType?.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
        {
            // A body value of the wrong JSON type in a place the parsers do not check explicitly.
            response = ErrorResponse(new EsException(400, "x_content_parse_exception", "failed to parse request body: " + e.Message, isElasticsearchException: false));
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Unexpected failure handling {Method} {Uri}", request.Method, request.Uri);
            response = ErrorResponse(new EsException(500, "exception", "emulator failure: " + e.Message, isElasticsearchException: false));
        }

        if (outcome?.Kind == FaultKind.ApplyThenReset)
        {
            outcome.NotifyApplied();
            context.Abort();
            return;
        }

        if (outcome?.Kind == FaultKind.ApplyThenGarble && response.Body is { Length: > 1 } whole)
        {
            outcome.NotifyApplied();
            response = new EsResponse(200, whole[..(whole.Length / 2)]) { IsJson = false };
        }

        if (outcome?.Kind == FaultKind.ApplyThenTimeout)
        {
            var held = Task.Delay(outcome.Delay ?? Timeout.InfiniteTimeSpan, _cluster.Clock, context.RequestAborted);
            using (_cluster.EnterClockWait())
            {
                outcome.NotifyApplied();
                try
                {
                    await held.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        await WriteAsync(context, request, response).ConfigureAwait(false);
    }

    /// <summary>Bumps terms, waits out latency (on the emulator clock), and returns a rejection response if one applies.</summary>
    private async Task<EsResponse?> ApplyPreFaultsAsync(FaultPlan plan, EmulatorOperations operation, EsRequest request)
    {
        if (plan.TermBumps is { } bumps)
        {
            foreach (var rule in bumps)
            {
                var name = rule.Index ?? TargetIndices(request).FirstOrDefault();
                if (name is not null && _cluster.FindIndex(name) is { } index)
                {
                    index.BumpPrimaryTerms();
                }

                rule.NotifyApplied();
            }
        }

        if (plan.Latencies is { } latencies)
        {
            foreach (var rule in latencies)
            {
                var delay = Task.Delay(rule.Delay!.Value, _cluster.Clock, request.Aborted);
                using (_cluster.EnterClockWait())
                {
                    rule.NotifyApplied();
                    await delay.ConfigureAwait(false);
                }
            }
        }

        switch (plan.Outcome?.Kind)
        {
            case FaultKind.TooManyRequests:
                plan.Outcome.NotifyApplied();
                return ErrorResponse(FaultResponses.TooManyRequests(operation, _cluster.NodeName));
            case FaultKind.ShardUnavailable:
                plan.Outcome.NotifyApplied();
                var index = TargetIndices(request).FirstOrDefault();
                return ErrorResponse(FaultResponses.ShardUnavailable(_cluster, index, request.Parameters.All.GetValueOrDefault("id")));
            default:
                return null;
        }
    }

    private static IReadOnlyList<string> TargetIndices(EsRequest request) =>
        request.Parameters.All.TryGetValue("index", out var index) ? index.Split(',') : [];

    private async Task HandleControlAsync(HttpContext context, EsRequest request)
    {
        EsResponse response;
        try
        {
            var match = _controlRoutes.Match(request.Method, request.Segments);
            if (match.Route is null)
            {
                response = NoHandler(request, match);
            }
            else
            {
                foreach (var (name, value) in match.PathParameters)
                {
                    request.Parameters.SetPathParameter(name, value);
                }

                response = await match.Route.Handler(request).ConfigureAwait(false);
            }
        }
        catch (EsException e)
        {
            response = ErrorResponse(e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or KeyNotFoundException)
        {
            // The control API is the emulator's own: a malformed rule is the caller's mistake, reported plainly.
            response = ErrorResponse(EsErrors.IllegalArgument("malformed emulator control request: " + e.Message));
        }

        await WriteAsync(context, request, response).ConfigureAwait(false);
    }

    private static EsResponse NoHandler(EsRequest request, RouteMatch match)
    {
        if (match.AllowedMethods.Count > 0)
        {
            return new EsResponse(405, ErrorEnvelope.RenderPlain(
                    $"Incorrect HTTP method for uri [{request.Uri}] and method [{request.Method}], allowed: [{string.Join(", ", match.AllowedMethods)}]", 405))
                .WithHeader("Allow", string.Join(",", match.AllowedMethods));
        }

        return new EsResponse(400, ErrorEnvelope.RenderPlain($"no handler found for uri [{request.Uri}] and method [{request.Method}]", 400));
    }

    public static EsResponse ErrorResponse(EsException exception)
    {
        var response = new EsResponse(exception.Status, ErrorEnvelope.Render(exception));
        if (exception.Headers is { } headers)
        {
            foreach (var (name, values) in headers)
            {
                foreach (var value in values)
                {
                    response.WithHeader(name, value);
                }
            }
        }

        return response;
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                var body = result.Buffer.IsEmpty ? ReadOnlyMemory<byte>.Empty : result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private async Task WriteAsync(HttpContext context, EsRequest? request, EsResponse response)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var http = context.Response;
        http.StatusCode = response.Status;
        if (response.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                http.Headers.Append(name, value);
            }
        }

        var body = response.Body;
        if (body is null || request?.IsHead == true)
        {
            http.ContentLength = 0;
            return;
        }

        if (request is not null && response.IsJson)
        {
            body = Format(request, body);
        }

        http.ContentType = request?.VendorMediaType == true
            ? MediaTypes.VendorJsonResponse + request.CompatibleWith.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "application/json";
        // http.compression (on by default without TLS) compresses any non-empty answer the client accepts in a
        // compressed form; HEAD answers have no body and were returned above.
        if (_compression && body.Length > 0 && ContentCoding.ChooseResponseCoding(context.Request.Headers.AcceptEncoding.ToString()) is { } coding)
        {
            body = ContentCoding.Encode(coding, body);
            http.Headers.ContentEncoding = coding;
            http.Headers.Vary = "Accept-Encoding";
        }

        http.ContentLength = body.Length;
        try
        {
            await http.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away; nothing to report.
        }
    }

    /// <summary>Applies the response parameters every endpoint honours: <c>filter_path</c> and <c>pretty</c>.</summary>
    private static byte[] Format(EsRequest request, byte[] body)
    {
        var all = request.Parameters.All;
        var filter = all.GetValueOrDefault("filter_path");
        var pretty = all.TryGetValue("pretty", out var p) && p is "" or "true";
        if (filter is null && !pretty)
        {
            return body;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return body;
        }

        if (node is null)
        {
            return body;
        }

        if (filter is not null)
        {
            node = FilterPath.Apply(node, filter);
        }

        return JsonOutput.Write(writer => node.WriteTo(writer), pretty);
    }
}
