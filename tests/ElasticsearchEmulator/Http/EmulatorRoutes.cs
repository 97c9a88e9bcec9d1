using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Handlers;

namespace Coordination.ElasticsearchEmulator.Http;

/// <summary>The Elasticsearch endpoints the emulator serves, and its own control endpoints.</summary>
internal static class EmulatorRoutes
{
    public static RouteTable Build(Cluster cluster)
    {
        var documents = new DocumentService(cluster);
        var docs = new DocumentHandlers(cluster, documents);
        var bulk = new BulkHandler(documents, cluster.Clock);
        var multiGet = new MultiGetHandler(cluster);
        var search = new SearchHandler(cluster);
        var indices = new IndexAdminHandlers(cluster);
        var templates = new TemplateHandlers(cluster);
        var clusterApi = new ClusterHandlers(cluster);
        var routes = new RouteTable();

        routes.Add("GET,HEAD", "/", EmulatorOperations.Other, clusterApi.RootAsync);
        routes.Add("GET", "/_cluster/health", EmulatorOperations.Other, clusterApi.HealthAsync);
        routes.Add("GET", "/_cluster/health/{index}", EmulatorOperations.Other, clusterApi.HealthAsync);

        routes.Add("PUT,POST", "/{index}/_doc/{id}", r => OpType(r, EmulatorOperations.Index), r => docs.IndexAsync(r, IndexRoute.WithId), acceptsBody: true);
        routes.Add("POST", "/{index}/_doc", r => OpType(r, EmulatorOperations.Create), r => docs.IndexAsync(r, IndexRoute.AutoId), acceptsBody: true);
        routes.Add("PUT,POST", "/{index}/_create/{id}", EmulatorOperations.Create, r => docs.IndexAsync(r, IndexRoute.Create), acceptsBody: true);
        routes.Add("GET,HEAD", "/{index}/_doc/{id}", EmulatorOperations.Get, r => docs.GetAsync(r, sourceOnly: false));
        routes.Add("GET,HEAD", "/{index}/_source/{id}", EmulatorOperations.Get, r => docs.GetAsync(r, sourceOnly: true));
        routes.Add("DELETE", "/{index}/_doc/{id}", EmulatorOperations.Delete, docs.DeleteAsync);
        routes.Add("POST", "/{index}/_update/{id}", EmulatorOperations.Update, docs.UpdateAsync, acceptsBody: true);

        routes.Add("GET,POST", "/_mget", EmulatorOperations.Get, multiGet.HandleAsync, acceptsBody: true);
        routes.Add("GET,POST", "/{index}/_mget", EmulatorOperations.Get, multiGet.HandleAsync, acceptsBody: true);

        routes.Add("POST,PUT", "/_bulk", EmulatorOperations.Bulk, bulk.HandleAsync, acceptsBody: true);
        routes.Add("POST,PUT", "/{index}/_bulk", EmulatorOperations.Bulk, bulk.HandleAsync, acceptsBody: true);

        routes.Add("GET,POST", "/_search", EmulatorOperations.Search, search.SearchAsync, acceptsBody: true);
        routes.Add("GET,POST", "/{index}/_search", EmulatorOperations.Search, search.SearchAsync, acceptsBody: true);
        routes.Add("GET,POST", "/_count", EmulatorOperations.Search, search.CountAsync, acceptsBody: true);
        routes.Add("GET,POST", "/{index}/_count", EmulatorOperations.Search, search.CountAsync, acceptsBody: true);

        routes.Add("PUT", "/{index}", EmulatorOperations.Other, indices.CreateAsync, acceptsBody: true);
        routes.Add("DELETE", "/{index}", EmulatorOperations.Other, indices.DeleteAsync);
        routes.Add("GET,HEAD", "/{index}", EmulatorOperations.Other, indices.GetAsync);
        routes.Add("GET", "/_mapping", EmulatorOperations.Other, indices.GetMappingAsync);
        routes.Add("GET", "/{index}/_mapping", EmulatorOperations.Other, indices.GetMappingAsync);
        routes.Add("PUT,POST", "/{index}/_mapping", EmulatorOperations.Other, indices.PutMappingAsync, acceptsBody: true);
        routes.Add("GET", "/_settings", EmulatorOperations.Other, indices.GetSettingsAsync);
        routes.Add("GET", "/{index}/_settings", EmulatorOperations.Other, indices.GetSettingsAsync);
        routes.Add("GET", "/{index}/_settings/{name}", EmulatorOperations.Other, indices.GetSettingsAsync);
        routes.Add("PUT", "/_settings", EmulatorOperations.Other, indices.PutSettingsAsync, acceptsBody: true);
        routes.Add("PUT", "/{index}/_settings", EmulatorOperations.Other, indices.PutSettingsAsync, acceptsBody: true);
        routes.Add("POST,GET", "/_refresh", EmulatorOperations.Other, indices.RefreshAsync);
        routes.Add("POST,GET", "/{index}/_refresh", EmulatorOperations.Other, indices.RefreshAsync);
        routes.Add("GET", "/_data_stream", EmulatorOperations.Other, indices.GetDataStreamsAsync);
        routes.Add("GET", "/_data_stream/{name}", EmulatorOperations.Other, indices.GetDataStreamsAsync);
        routes.Add("DELETE", "/_data_stream/{name}", EmulatorOperations.Other, indices.DeleteDataStreamAsync);

        routes.Add("PUT,POST", "/_index_template/{name}", EmulatorOperations.Other, templates.PutIndexTemplateAsync, acceptsBody: true);
        routes.Add("GET", "/_index_template", EmulatorOperations.Other, templates.GetIndexTemplateAsync);
        routes.Add("GET,HEAD", "/_index_template/{name}", EmulatorOperations.Other, templates.GetIndexTemplateAsync);
        routes.Add("DELETE", "/_index_template/{name}", EmulatorOperations.Other, templates.DeleteIndexTemplateAsync);
        routes.Add("PUT,POST", "/_component_template/{name}", EmulatorOperations.Other, templates.PutComponentTemplateAsync, acceptsBody: true);
        routes.Add("GET", "/_component_template", EmulatorOperations.Other, templates.GetComponentTemplateAsync);
        routes.Add("GET,HEAD", "/_component_template/{name}", EmulatorOperations.Other, templates.GetComponentTemplateAsync);
        routes.Add("DELETE", "/_component_template/{name}", EmulatorOperations.Other, templates.DeleteComponentTemplateAsync);
        routes.Add("PUT,POST", "/_template/{name}", EmulatorOperations.Other, templates.PutLegacyTemplateAsync, acceptsBody: true);
        routes.Add("GET", "/_template", EmulatorOperations.Other, templates.GetLegacyTemplateAsync);
        routes.Add("GET,HEAD", "/_template/{name}", EmulatorOperations.Other, templates.GetLegacyTemplateAsync);
        routes.Add("DELETE", "/_template/{name}", EmulatorOperations.Other, templates.DeleteLegacyTemplateAsync);
        return routes;
    }

    public static RouteTable BuildControl(Cluster cluster, FaultInjector faults, TrafficStats stats)
    {
        var control = new EmulatorControlHandlers(cluster, faults, stats);
        var routes = new RouteTable();
        routes.Add("GET", "/_emulator/stats", EmulatorOperations.Other, control.StatsAsync);
        routes.Add("POST", "/_emulator/stats/_reset", EmulatorOperations.Other, control.ResetStatsAsync);
        routes.Add("GET", "/_emulator/faults", EmulatorOperations.Other, control.ListFaultsAsync);
        routes.Add("POST,PUT", "/_emulator/faults", EmulatorOperations.Other, control.AddFaultAsync, acceptsBody: true);
        routes.Add("DELETE", "/_emulator/faults", EmulatorOperations.Other, control.ClearFaultsAsync);
        routes.Add("DELETE", "/_emulator/faults/{id}", EmulatorOperations.Other, control.ClearFaultsAsync);
        routes.Add("POST", "/_emulator/failover/{index}", EmulatorOperations.Other, control.FailoverAsync);
        return routes;
    }

    /// <summary>An index request counts as a create when op_type says so (or by default on the auto-id route).</summary>
    private static EmulatorOperations OpType(EsRequest request, EmulatorOperations defaultOperation) =>
        request.Parameters.All.TryGetValue("op_type", out var opType)
            ? string.Equals(opType, "create", StringComparison.OrdinalIgnoreCase) ? EmulatorOperations.Create : EmulatorOperations.Index
            : defaultOperation;
}
