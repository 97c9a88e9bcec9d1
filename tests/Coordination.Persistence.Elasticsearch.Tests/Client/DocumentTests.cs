using System.Text;
using Coordination.Testing.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.QueryDsl;

namespace Coordination.Persistence.Elasticsearch.Tests.Client;

/// <summary>The document APIs over HTTP: compare-and-set, not-found, escaping. Runs against a real cluster too.</summary>
public sealed class DocumentTests : IAsyncLifetime
{
    private TestElasticsearch _elasticsearch = null!;
    private ElasticsearchConnection _client = null!;
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    public async ValueTask InitializeAsync()
    {
        _elasticsearch = await TestElasticsearch.StartAsync(cancellationToken: _cancellation);
        _client = _elasticsearch.Documents();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _elasticsearch.DisposeAsync();
    }

    [Fact]
    public async Task The_server_check_accepts_elasticsearch_9()
    {
        var info = await _client.CheckServerAsync(_cancellation);
        Assert.Equal(9, info.MajorVersion);
        Assert.Equal(_elasticsearch.Url.GetLeftPart(UriPartial.Authority), info.Node);
    }

    [Fact]
    public async Task Create_succeeds_once_then_reports_a_conflict_without_throwing()
    {
        var created = await _client.IndexAsync(_elasticsearch.Index, "k", Json("""{"owner":"a"}"""), WriteCondition.Create, cancellationToken: _cancellation);
        Assert.True(created.Applied);
        Assert.True(created.Version!.Value.PrimaryTerm >= 1);

        var again = await _client.IndexAsync(_elasticsearch.Index, "k", Json("""{"owner":"b"}"""), WriteCondition.Create, cancellationToken: _cancellation);

        Assert.False(again.Applied);
        Assert.Contains("document already exists", again.ConflictReason, StringComparison.Ordinal);
        var read = await _client.GetAsync(_elasticsearch.Index, "k", _cancellation);
        Assert.Equal("a", read.Source.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task With_http_compression_on_the_client_sends_gzip_and_the_document_operations_still_work()
    {
        Assert.False(_elasticsearch.CreateClient().ElasticsearchClientSettings.EnableHttpCompression);
        Assert.True(_elasticsearch.CreateClient(o => o.HttpCompression = true).ElasticsearchClientSettings.EnableHttpCompression);

        using var compressed = _elasticsearch.Documents(o => o.HttpCompression = true);
        var created = await compressed.IndexAsync(_elasticsearch.Index, "gz", Json("""{"owner":"a"}"""), WriteCondition.Create, cancellationToken: _cancellation);
        var v1 = created.Version!.Value;
        var replaced = await compressed.IndexAsync(_elasticsearch.Index, "gz", Json("""{"owner":"b"}"""), WriteCondition.Match(v1.SeqNo, v1.PrimaryTerm), cancellationToken: _cancellation);

        Assert.True(created.Applied);
        Assert.True(replaced.Applied);
        Assert.Equal("b", (await compressed.GetAsync(_elasticsearch.Index, "gz", _cancellation)).Source.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_write_with_a_stale_sequence_number_is_refused_and_the_current_position_is_reported()
    {
        var first = await _client.IndexAsync(_elasticsearch.Index, "k", Json("""{"n":1}"""), WriteCondition.Create, cancellationToken: _cancellation);
        var v1 = first.Version!.Value;
        var second = await _client.IndexAsync(_elasticsearch.Index, "k", Json("""{"n":2}"""), WriteCondition.Match(v1.SeqNo, v1.PrimaryTerm), cancellationToken: _cancellation);
        Assert.True(second.Applied);
        Assert.True(second.Version!.Value.SeqNo > v1.SeqNo);

        var stale = await _client.IndexAsync(_elasticsearch.Index, "k", Json("""{"n":3}"""), WriteCondition.Match(v1.SeqNo, v1.PrimaryTerm), cancellationToken: _cancellation);

        Assert.False(stale.Applied);
        Assert.Equal(second.Version!.Value.SeqNo, stale.CurrentVersion!.Value.SeqNo);
        Assert.Equal(second.Version!.Value.PrimaryTerm, stale.CurrentVersion!.Value.PrimaryTerm);
        Assert.Equal(2, (await _client.GetAsync(_elasticsearch.Index, "k", _cancellation)).Source.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task A_missing_document_and_a_missing_index_both_read_as_not_found()
    {
        Assert.False((await _client.GetAsync(_elasticsearch.Index, "nothing-here", _cancellation)).Found);
        var otherIndex = _elasticsearch.Index + "-other";
        try
        {
            Assert.False((await _client.GetAsync(otherIndex, "k", _cancellation)).Found);
        }
        finally
        {
            await _client.DeleteIndexAsync(otherIndex, _cancellation);
        }
    }

    [Fact]
    public async Task Delete_honours_its_condition_and_a_missing_document_is_not_an_error()
    {
        var created = (await _client.IndexAsync(_elasticsearch.Index, "k", Json("{}"), WriteCondition.Create, cancellationToken: _cancellation)).Version!.Value;

        var wrong = await _client.DeleteAsync(_elasticsearch.Index, "k", WriteCondition.Match(created.SeqNo + 5, created.PrimaryTerm), cancellationToken: _cancellation);
        Assert.False(wrong.Applied);
        Assert.NotNull(wrong.ConflictReason);

        Assert.True((await _client.DeleteAsync(_elasticsearch.Index, "k", WriteCondition.Match(created.SeqNo, created.PrimaryTerm), cancellationToken: _cancellation)).Applied);
        var missing = await _client.DeleteAsync(_elasticsearch.Index, "k", WriteCondition.None, cancellationToken: _cancellation);
        Assert.False(missing.Applied);
        Assert.Null(missing.ConflictReason);
    }

    [Theory]
    [InlineData("orders/42")]
    [InlineData("with space and ?query&chars#")]
    [InlineData("ünïcödé/κλειδί")]
    public async Task Ids_are_escaped_on_the_wire_and_come_back_intact(string id)
    {
        await _client.IndexAsync(_elasticsearch.Index, id, Json("""{"x":1}"""), WriteCondition.Create, cancellationToken: _cancellation);
        var read = await _client.GetAsync(_elasticsearch.Index, id, _cancellation);
        Assert.True(read.Found);
        Assert.False((await _client.GetAsync(_elasticsearch.Index, id + "x", _cancellation)).Found);
    }

    [Fact]
    public async Task An_id_over_512_utf8_bytes_is_refused_before_anything_is_sent()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.IndexAsync(_elasticsearch.Index, new string('é', 257), Json("{}"), WriteCondition.Create, cancellationToken: _cancellation));
        Assert.Contains("512 UTF-8 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_sees_a_write_after_a_refresh()
    {
        await _client.IndexAsync(_elasticsearch.Index, "s1", Json("""{"owner":"a"}"""), WriteCondition.Create, cancellationToken: _cancellation);
        await _client.RefreshAsync(_elasticsearch.Index, _cancellation);

        var result = await _client.SearchAsync(
            new SearchRequest(_elasticsearch.Index) { Query = new TermQuery { Field = "owner", Value = "a" }, SeqNoPrimaryTerm = true }, _cancellation);

        var hit = Assert.Single(result.Hits);
        Assert.Equal("s1", hit.Id);
        Assert.NotNull(hit.Version);
        Assert.Equal(1, result.Total);
    }

    [Fact]
    public async Task An_error_answer_carries_the_elasticsearch_type_and_reason()
    {
        var error = await Assert.ThrowsAsync<ElasticsearchServerException>(
            () => _client.CreateIndexAsync("Not-Lowercase", _cancellation));
        Assert.Equal(400, error.StatusCode);
        Assert.NotNull(error.ErrorType);
        Assert.Contains(error.ErrorType!, error.Message, StringComparison.Ordinal);
    }
}
