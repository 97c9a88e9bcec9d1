using System.Text;
using Coordination.ElasticsearchEmulator;
using Coordination.Testing.Elasticsearch;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Persistence.Elasticsearch.Tests.Client;

/// <summary>How the client survives an imperfect cluster: retries, ambiguous outcomes, failover, auth, TLS.</summary>
public sealed class TransportTests
{
    private const string Index = "coordination-locks";
    private static readonly ReadOnlyMemory<byte> Document = Encoding.UTF8.GetBytes("""{"owner":"a"}""");
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static ElasticsearchConnectionOptions Options(params string[] urls) => new()
    {
        Urls = [.. urls],
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
    };

    [Theory]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.ShardUnavailable)]
    public async Task A_refusal_before_running_is_retried_with_backoff_until_it_succeeds(FaultKind refusal)
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        var rule = emulator.Faults.Add(new FaultRule { Kind = refusal, Operations = EmulatorOperations.Create, Count = 2 });
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));

        var result = await client.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation);

        Assert.True(result.Applied);
        Assert.Equal(2, rule.AppliedCount);
        Assert.Equal(3, emulator.Stats.Snapshot().Create);
    }

    [Fact]
    public async Task Refusals_beyond_the_retry_budget_end_as_unavailable_and_nothing_was_written()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = EmulatorOperations.Create });
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));

        var error = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(
            () => client.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation));

        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 attempts", error.Message, StringComparison.Ordinal);
        emulator.Faults.Clear();
        Assert.False((await client.GetAsync(Index, "k", _cancellation)).Found);
    }

    [Fact]
    public async Task A_reset_after_the_write_was_applied_is_an_unknown_outcome_not_a_failure()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(
            () => client.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation));

        Assert.True(error.OutcomeUnknown);
        Assert.Contains("may or may not have been applied", error.Message, StringComparison.Ordinal);
        Assert.True((await client.GetAsync(Index, "k", _cancellation)).Found);
        Assert.Equal(1, emulator.Stats.Snapshot().Create);
    }

    [Fact]
    public async Task An_answer_cut_short_after_the_write_was_applied_is_an_unknown_outcome_naming_the_index_and_document()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenGarble, Operations = EmulatorOperations.Create, Count = 1 });
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(
            () => client.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation));

        Assert.True(error.OutcomeUnknown);
        Assert.Contains(Index, error.Message, StringComparison.Ordinal);
        Assert.Contains("document 'k'", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
        Assert.True((await client.GetAsync(Index, "k", _cancellation)).Found);
        Assert.Equal(1, emulator.Stats.Snapshot().Create);
    }

    [Fact]
    public async Task A_write_with_no_answer_within_the_timeout_is_an_unknown_outcome_and_is_not_resent()
    {
        var clock = new FakeTimeProvider();
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        var held = emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenTimeout, Operations = EmulatorOperations.Create, Count = 1 });
        var options = Options(emulator.Url.ToString()).With(o => o.TimeProvider = clock);
        using var client = new ElasticsearchConnection(options);

        var write = client.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation);
        await held.WhenAppliedAsync(cancellationToken: _cancellation);
        clock.Advance(options.RequestTimeout);

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(() => write);
        Assert.True(error.OutcomeUnknown);
        Assert.Contains("no answer within 10s", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, emulator.Stats.Snapshot().Create);
    }

    [Fact]
    public async Task A_read_with_no_usable_answer_fails_without_claiming_an_unknown_outcome()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Get, Count = 1 });
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(() => client.GetAsync(Index, "k", _cancellation));
        Assert.False(error.OutcomeUnknown);
    }

    [Fact]
    public async Task An_unreachable_node_is_skipped_for_the_next_one_and_remembered()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        var dead = $"http://127.0.0.1:{Ports.Closed()}";
        using var client = new ElasticsearchConnection(Options(dead, emulator.Url.ToString()));

        for (var i = 0; i < 4; i++)
        {
            Assert.True((await client.IndexAsync(Index, $"k{i}", Document, WriteCondition.Create, cancellationToken: _cancellation)).Applied);
        }

        Assert.Equal(4, emulator.Stats.Snapshot().Create);
    }

    [Fact]
    public async Task When_no_node_can_be_reached_the_error_names_every_url_and_cause()
    {
        var first = $"http://127.0.0.1:{Ports.Closed()}";
        var second = $"http://127.0.0.1:{Ports.Closed()}";
        using var client = new ElasticsearchConnection(Options(first, second));

        var error = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(
            () => client.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation));

        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Basic_credentials_api_keys_and_credentials_in_the_url_all_authenticate()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions
        {
            Credentials = new EmulatorCredentials { Username = "elastic", Password = "s3cret!", ApiKeyId = "key-id", ApiKey = "key-secret" },
        });
        var url = emulator.Url.ToString();

        using (var anonymous = new ElasticsearchConnection(Options(url)))
        {
            var refused = await Assert.ThrowsAsync<ElasticsearchServerException>(() => anonymous.CheckServerAsync(_cancellation));
            Assert.Equal(401, refused.StatusCode);
            Assert.Equal("security_exception", refused.ErrorType);
        }

        using (var basic = new ElasticsearchConnection(Options(url).With(o => { o.Username = "elastic"; o.Password = "s3cret!"; })))
        {
            await basic.CheckServerAsync(_cancellation);
        }

        using (var apiKey = new ElasticsearchConnection(Options(url).With(o => o.ApiKey = "key-id:key-secret")))
        {
            await apiKey.CheckServerAsync(_cancellation);
        }

        var withUserInfo = url.Replace("http://", "http://elastic:s3cret%21@", StringComparison.Ordinal);
        using var fromUrl = new ElasticsearchConnection(Options(withUserInfo));
        var info = await fromUrl.CheckServerAsync(_cancellation);
        Assert.DoesNotContain("s3cret", info.Node, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", string.Join(",", fromUrl.NodeUrls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_never_appear_in_error_messages()
    {
        var dead = $"http://elastic:s3cret@127.0.0.1:{Ports.Closed()}";
        using var client = new ElasticsearchConnection(Options(dead).With(o => o.ApiKey = null));

        var error = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => client.CheckServerAsync(_cancellation));
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("elastic:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_never_appear_in_logs()
    {
        var port = Ports.Closed();
        var logger = new FakeLogger();
        using var client = new ElasticsearchConnection(Options($"http://elastic:s3cret@127.0.0.1:{port}").With(o => o.Password = "s3cret"), logger);

        await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => client.CheckServerAsync(_cancellation));

        var records = logger.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains($"http://127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Message.Contains("s3cret", StringComparison.Ordinal) || (r.Exception?.ToString().Contains("s3cret", StringComparison.Ordinal) ?? false));
    }

    [Theory]
    [InlineData("8.15.0")]
    [InlineData("7.17.22")]
    public async Task A_server_before_9_refuses_the_official_client_and_the_check_says_why(string version)
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions { Version = version });
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));

        var error = await Assert.ThrowsAsync<ElasticsearchVersionException>(() => client.CheckServerAsync(_cancellation));
        Assert.Contains("compatible-with=9", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs Elasticsearch 9.x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_after_9_is_refused_at_the_version_check()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions { Version = "10.0.0" });
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));

        var error = await Assert.ThrowsAsync<ElasticsearchVersionException>(() => client.CheckServerAsync(_cancellation));
        Assert.Contains("10.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs Elasticsearch 9.x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_9x_server_is_accepted()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        using var client = new ElasticsearchConnection(Options(emulator.Url.ToString()));
        Assert.Equal(9, (await client.CheckServerAsync(_cancellation)).MajorVersion);
        Assert.True((await client.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation)).Applied);
    }

    [Fact]
    public async Task Tls_with_a_custom_certificate_authority_is_trusted_only_with_that_authority()
    {
        using var authority = TestCertificates.CreateAuthority();
        using var serverCertificate = TestCertificates.CreateServerCertificate(authority, "localhost");
        var caPath = Path.Combine(Path.GetTempPath(), $"coordination-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caPath, authority.ExportCertificatePem(), _cancellation);
        try
        {
            await using var emulator = await Emulated.StartAsync(new EmulatorOptions { Url = "https://127.0.0.1:0", ServerCertificate = serverCertificate });
            var url = $"https://localhost:{emulator.Url.Port}";

            using (var untrusting = new ElasticsearchConnection(Options(url)))
            {
                var refused = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => untrusting.CheckServerAsync(_cancellation));
                Assert.Contains(url, refused.Message, StringComparison.Ordinal);
            }

            using var trusting = new ElasticsearchConnection(Options(url).With(o => o.CertificateAuthorityPath = caPath));
            Assert.Equal(9, (await trusting.CheckServerAsync(_cancellation)).MajorVersion);
        }
        finally
        {
            File.Delete(caPath);
        }
    }
}

internal static class ClientOptionsExtensions
{
    public static T With<T>(this T options, Action<T> change)
        where T : ElasticsearchConnectionOptions
    {
        change(options);
        return options;
    }
}
