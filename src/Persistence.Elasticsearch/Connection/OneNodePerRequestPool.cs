using Elastic.Transport;
using Elastic.Transport.Diagnostics.Auditing;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>
/// The client's static node pool (round-robin, unreachable nodes skipped for their dead timeout), handing the
/// transport one node per request. The transport fails a request over to the next node of its view whatever its
/// maximum retries say, even after a timeout or a reset, when the request may already have run; with a view of
/// one node it sends each request once, and <see cref="ElasticsearchConnection"/> decides what may be sent again.
/// </summary>
internal sealed class OneNodePerRequestPool(IEnumerable<Uri> uris) : StaticNodePool(uris, randomize: false)
{
    public override IEnumerable<Node> CreateView(Auditor? auditor = null) => base.CreateView(auditor).Take(1);
}
