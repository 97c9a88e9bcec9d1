namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>A REST endpoint: methods, a path pattern with <c>{param}</c> segments, its operation kind and handler.</summary>
internal sealed class Route
{
    public required string[] Methods { get; init; }

    public required string[] Pattern { get; init; }

    public required Func<EsRequest, EmulatorOperations> Operation { get; init; }

    public required Func<EsRequest, Task<EsResponse>> Handler { get; init; }

    public bool AcceptsBody { get; init; }

    public bool Allows(string method) => Methods.Contains(method) || (method == "HEAD" && Methods.Contains("GET"));
}

internal readonly record struct RouteMatch(Route? Route, IReadOnlyList<KeyValuePair<string, string>> PathParameters, IReadOnlyCollection<string> AllowedMethods);

/// <summary>
/// Path-trie style routing: among the patterns that match a path, literal segments win over parameters, position by
/// position. If the best pattern for the path lacks the method, the other matching patterns are tried; if none
/// accepts the method the request is a 405 (or a 400 "no handler" when no pattern matches at all).
/// </summary>
internal sealed class RouteTable
{
    private readonly List<Route> _routes = [];
    private Route[]? _sorted;

    public void Add(string methods, string pattern, EmulatorOperations operation, Func<EsRequest, Task<EsResponse>> handler, bool acceptsBody = false) =>
        Add(methods, pattern, _ => operation, handler, acceptsBody);

    public void Add(string methods, string pattern, Func<EsRequest, EmulatorOperations> operation, Func<EsRequest, Task<EsResponse>> handler, bool acceptsBody = false)
    {
        _sorted = null;
        _routes.Add(new Route
        {
            Methods = methods.Split(',', StringSplitOptions.TrimEntries),
            Pattern = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries),
            Operation = operation,
            Handler = handler,
            AcceptsBody = acceptsBody,
        });
    }

    public RouteMatch Match(string method, string[] segments)
    {
        // Routes are kept sorted by specificity, so the first route that matches path and method wins.
        SortedSet<string>? allowed = null;
        foreach (var route in _sorted ??= [.. _routes.OrderBy(r => r, Comparer<Route>.Create(CompareSpecificity))])
        {
            if (route.Pattern.Length != segments.Length || !PathMatches(route, segments))
            {
                continue;
            }

            if (route.Allows(method))
            {
                return new RouteMatch(route, Parameters(route, segments), []);
            }

            (allowed ??= new SortedSet<string>(StringComparer.Ordinal)).UnionWith(route.Methods);
        }

        return new RouteMatch(null, [], allowed ?? []);
    }

    private static bool PathMatches(Route route, string[] segments)
    {
        for (var i = 0; i < segments.Length; i++)
        {
            var part = route.Pattern[i];
            if (!IsParameter(part) && part != segments[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsParameter(string part) => part.Length > 2 && part[0] == '{' && part[^1] == '}';

    private static int CompareSpecificity(Route a, Route b)
    {
        // Only patterns of equal length can match the same path; group them, then prefer literals left to right.
        if (a.Pattern.Length != b.Pattern.Length)
        {
            return a.Pattern.Length.CompareTo(b.Pattern.Length);
        }

        for (var i = 0; i < a.Pattern.Length; i++)
        {
            var literalA = !IsParameter(a.Pattern[i]);
            var literalB = !IsParameter(b.Pattern[i]);
            if (literalA != literalB)
            {
                return literalA ? -1 : 1;
            }
        }

        return 0;
    }

    private static List<KeyValuePair<string, string>> Parameters(Route route, string[] segments)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < segments.Length; i++)
        {
            if (IsParameter(route.Pattern[i]))
            {
                parameters.Add(new KeyValuePair<string, string>(route.Pattern[i][1..^1], segments[i]));
            }
        }

        return parameters;
    }
}
