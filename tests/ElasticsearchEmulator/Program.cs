using System.Globalization;
using Coordination.ElasticsearchEmulator;

// Standalone entry point: dotnet run --project tests/ElasticsearchEmulator -- --urls http://127.0.0.1:9200
var options = ParseArguments(args);
if (options is null)
{
    return 2;
}

await using var server = await EmulatorServer.StartAsyncStandalone(options).ConfigureAwait(false);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Elasticsearch emulator {options.Version} listening on {server.Url} (Ctrl+C to stop)"));
await server.WaitForShutdownAsync().ConfigureAwait(false);
return 0;

static EmulatorOptions? ParseArguments(string[] args)
{
    string url = "http://127.0.0.1:9200";
    string clusterName = "coordination-emulator";
    string nodeName = "emulator-0";
    string version = EmulatorOptions.DefaultVersion;
    string? username = null, password = null, apiKeyId = null, apiKey = null, bearer = null;
    var builtIns = true;
    var autoCreate = true;
    var log = false;
    bool? compression = null;
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--urls":
                url = Next();
                break;
            case "--cluster-name":
                clusterName = Next();
                break;
            case "--node-name":
                nodeName = Next();
                break;
            case "--es-version":
                version = Next();
                break;
            case "--username":
                username = Next();
                break;
            case "--password":
                password = Next();
                break;
            case "--api-key-id":
                apiKeyId = Next();
                break;
            case "--api-key":
                apiKey = Next();
                break;
            case "--bearer-token":
                bearer = Next();
                break;
            case "--no-builtin-templates":
                builtIns = false;
                break;
            case "--no-auto-create-index":
                autoCreate = false;
                break;
            case "--log-requests":
                log = true;
                break;
            case "--no-http-compression":
                compression = false;
                break;
            case "--help" or "-h":
                Console.WriteLine("""
                    Elasticsearch 9.x emulator (8.x with --es-version 8.x.y)
                      --urls <url[;url]>         where to listen (default http://127.0.0.1:9200)
                      --cluster-name <name>      reported by GET / and health
                      --node-name <name>         reported by GET /
                      --es-version <x.y.z>       version reported by GET / (default 9.2.0); its major decides the
                                                 accepted compatible-with values (major and major - 1)
                      --username/--password      require HTTP Basic credentials
                      --api-key-id/--api-key     require an API key (Authorization: ApiKey base64(id:key))
                      --bearer-token <token>     require a bearer token
                      --no-builtin-templates     do not install the logs/metrics/synthetics data-stream templates
                      --no-auto-create-index     action.auto_create_index: false
                      --log-requests             log failures to the console
                      --no-http-compression      never compress answers (gzip/deflate request bodies are still read)
                    Control endpoints: GET /_emulator/stats, POST /_emulator/stats/_reset, GET|POST|DELETE /_emulator/faults,
                    DELETE /_emulator/faults/{id}, POST /_emulator/failover/{index}
                    """);
                return null;
            default:
                Console.Error.WriteLine($"unknown argument {args[i]} (try --help)");
                return null;
        }
    }

    var secured = username is not null || apiKeyId is not null || bearer is not null;
    return new EmulatorOptions
    {
        Url = url,
        ClusterName = clusterName,
        NodeName = nodeName,
        Version = version,
        InstallBuiltInTemplates = builtIns,
        AutoCreateIndex = autoCreate,
        LogRequests = log,
        HttpCompression = compression,
        Credentials = secured
            ? new EmulatorCredentials { Username = username, Password = password, ApiKeyId = apiKeyId, ApiKey = apiKey, BearerToken = bearer }
            : null,
    };
}
