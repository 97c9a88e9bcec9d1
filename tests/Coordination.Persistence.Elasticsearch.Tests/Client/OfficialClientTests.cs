using System.Collections.Specialized;
using Coordination.ElasticsearchEmulator;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Logging.Testing;

namespace Coordination.Persistence.Elasticsearch.Tests.Client;

/// <summary>
/// What the official client adds or changes under the providers: its own resends, the application's own client,
/// credentials in its diagnostics, answers it reads into defaults, and requests it might add.
/// </summary>
public sealed class OfficialClientTests
{
    private const string Index = "coordination-locks";
    private const string Password = "pa55-w0rd-!";
    private static readonly ReadOnlyMemory<byte> Document = """{"owner":"a"}"""u8.ToArray();
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static ElasticsearchConnectionOptions Options(params string[] urls) => new()
    {
        Urls = [.. urls],
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
    };

    /// <summary>The emulator under two names, so a client sees two nodes that share one cluster state.</summary>
    private static string[] TwoNodes(EmulatorServer emulator) =>
        [$"http://127.0.0.1:{emulator.Url.Port}", $"http://localhost:{emulator.Url.Port}"];

    [Fact]
    public async Task With_two_nodes_a_write_applied_before_its_connection_reset_is_an_unknown_outcome_and_is_sent_once()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });
        using var connection = new ElasticsearchConnection(Options(TwoNodes(emulator)));

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(
            () => connection.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation));

        Assert.True(error.OutcomeUnknown);
        Assert.Contains("document 'k' in index coordination-locks", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, emulator.Stats.Snapshot().Create);
        Assert.True((await connection.GetAsync(Index, "k", _cancellation)).Found);
    }

    [Fact]
    public async Task A_409_that_answers_the_clients_own_resend_is_an_unknown_outcome_not_a_conflict()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ApplyThenReset, Operations = EmulatorOperations.Create, Count = 1 });

        // An application's client keeps the transport's failover: after the reset it sends the write to the other node.
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(new StaticNodePool(TwoNodes(emulator).Select(u => new Uri(u)), randomize: false)));
        using var connection = new ElasticsearchConnection(Options(), client);

        var error = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(
            () => connection.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation));

        Assert.True(error.OutcomeUnknown);
        Assert.Contains("409", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, emulator.Stats.Snapshot().Create);
    }

    [Fact]
    public async Task A_real_conflict_on_the_first_attempt_stays_a_conflict_through_an_applications_client()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(new StaticNodePool(TwoNodes(emulator).Select(u => new Uri(u)), randomize: false)));
        using var connection = new ElasticsearchConnection(Options(), client);
        Assert.True((await connection.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation)).Applied);

        var again = await connection.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation);

        Assert.False(again.Applied);
        Assert.Contains("document already exists", again.ConflictReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_saying_authentication_failed_and_never_shows_the_password()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions { Credentials = new EmulatorCredentials { Username = "elastic", Password = "right" } });
        var logger = new FakeLogger();
        using var connection = new ElasticsearchConnection(Options(emulator.Url.ToString()).With(o => { o.Username = "elastic"; o.Password = Password; }), logger);

        var error = await Assert.ThrowsAsync<ElasticsearchServerException>(() => connection.CheckServerAsync(_cancellation));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Message.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_in_a_url_reach_neither_messages_nor_the_clients_debug_information()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions { Credentials = new EmulatorCredentials { Username = "elastic", Password = "right" } });
        var url = $"http://elastic:{Uri.EscapeDataString(Password)}@127.0.0.1:{emulator.Url.Port}";
        using var connection = new ElasticsearchConnection(Options(url));

        var error = await Assert.ThrowsAsync<ElasticsearchServerException>(() => connection.CheckServerAsync(_cancellation));
        var direct = await connection.Client.InfoAsync(_cancellation);

        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Password), error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Password), direct.DebugInformation, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, direct.DebugInformation, StringComparison.Ordinal);
        Assert.All(connection.NodeUrls, u => Assert.DoesNotContain("elastic", u, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_key_in_either_form_authenticates_through_the_official_client()
    {
        var credentials = new EmulatorCredentials { ApiKeyId = "key-id", ApiKey = "key-secret" };
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions { Credentials = credentials });

        using (var plain = new ElasticsearchConnection(Options(emulator.Url.ToString()).With(o => o.ApiKey = "key-id:key-secret")))
        {
            await plain.CheckServerAsync(_cancellation);
        }

        using var encoded = new ElasticsearchConnection(Options(emulator.Url.ToString()).With(o => o.ApiKey = credentials.EncodedApiKey));
        await encoded.CheckServerAsync(_cancellation);
    }

    [Fact]
    public async Task A_write_answer_without_its_sequence_number_is_an_unknown_outcome_naming_the_document()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());

        // A proxy or a misconfigured client can strip fields: here every answer keeps only _id.
        var settings = new ElasticsearchClientSettings(emulator.Url).GlobalQueryStringParameters(new NameValueCollection { ["filter_path"] = "_id,error" });
        using var connection = new ElasticsearchConnection(Options(), new ElasticsearchClient(settings));

        var write = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(
            () => connection.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation));
        var read = await Assert.ThrowsAsync<ElasticsearchRequestFailedException>(() => connection.GetAsync(Index, "k", _cancellation));

        Assert.True(write.OutcomeUnknown);
        Assert.Contains("document 'k' in index coordination-locks", write.Message, StringComparison.Ordinal);
        Assert.Contains("_seq_no", write.Message, StringComparison.Ordinal);
        Assert.Contains("may or may not have been applied", write.Message, StringComparison.Ordinal);
        Assert.Contains("document 'k' in index coordination-locks", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_document_request_is_exactly_one_http_request()
    {
        await using var emulator = await Emulated.StartAsync(new EmulatorOptions());
        using var connection = new ElasticsearchConnection(Options(TwoNodes(emulator)));
        await connection.CheckServerAsync(_cancellation);
        await connection.CreateIndexAsync(Index, _cancellation);
        var before = emulator.Stats.Snapshot();

        var created = (await connection.IndexAsync(Index, "k", Document, WriteCondition.Create, cancellationToken: _cancellation)).Version!.Value;
        await connection.GetAsync(Index, "k", _cancellation);
        await connection.IndexAsync(Index, "k", Document, WriteCondition.Match(created.SeqNo, created.PrimaryTerm), cancellationToken: _cancellation);

        // No product check, ping or sniff of the official client's: one create, one get, one index, nothing else.
        var counted = emulator.Stats.Snapshot();
        Assert.Equal((1, 1, 1, 0L), (counted.Create - before.Create, counted.Get - before.Get, counted.Index - before.Index, counted.Other - before.Other));
    }
}
