using System.Net.Sockets;
using Coordination.Persistence.Elasticsearch;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Coordination.Silo;

/// <summary>Recognises the start-up failures an operator can fix, and words them as such, with the exit code for each.</summary>
internal sealed record StartupFailure(string Headline, IReadOnlyList<string> Details, int ExitCode)
{
    public static StartupFailure? Classify(Exception failure, SiloConfiguration configuration)
    {
        var all = Flatten(failure).ToList();
        if (all.OfType<ElasticsearchStartupException>().FirstOrDefault() is { } unreachable)
        {
            return new StartupFailure($"The silo cannot start: {unreachable.Message}", [], ExitCodes.StoreUnavailable);
        }

        if (all.OfType<SocketException>().FirstOrDefault(s => s.SocketErrorCode == SocketError.AddressAlreadyInUse) is not null)
        {
            return new StartupFailure("The silo cannot start: a port it needs is already in use.", PortsInUse(configuration), ExitCodes.InvalidConfiguration);
        }

        var invalid = all.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
            .Concat(all.OfType<OrleansConfigurationException>().Select(e => e.Message))
            .Distinct()
            .ToList();
        return invalid.Count > 0
            ? new StartupFailure("The silo cannot start because its configuration is invalid:", invalid, ExitCodes.InvalidConfiguration)
            : null;
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(exception.InnerException is { } one ? [one] : []);
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }

    // Orleans reports only "address in use"; by now it has let go of its ports, so trying each says which one is taken.
    private static List<string> PortsInUse(SiloConfiguration configuration)
    {
        var taken = new List<string>();
        foreach (var (setting, port) in new[] { ("SiloPort", configuration.SiloPort), ("GatewayPort", configuration.GatewayPort) })
        {
            try
            {
                using var probe = new TcpListener(configuration.Silo.Listen, port);
                probe.Start();
            }
            catch (SocketException)
            {
                taken.Add($"{SiloSettings.SectionName}:{setting} is {port}, which another process is using on {configuration.Silo.ListenAddress}; choose a free port.");
            }
        }

        return taken.Count > 0 ? taken : [$"{SiloSettings.SectionName}:SiloPort ({configuration.SiloPort}) or GatewayPort ({configuration.GatewayPort}) is in use on {configuration.Silo.ListenAddress}; choose free ports."];
    }
}
