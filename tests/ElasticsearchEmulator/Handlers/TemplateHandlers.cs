using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>Composable index templates, component templates, and the deprecated legacy templates.</summary>
internal sealed class TemplateHandlers
{
    private readonly Cluster _cluster;

    public TemplateHandlers(Cluster cluster)
    {
        _cluster = cluster;
    }

    private TemplateRegistry Templates => _cluster.Templates;

    private static EsResponse Acknowledged() => new(200, JsonOutput.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteBoolean("acknowledged", true);
        writer.WriteEndObject();
    }));

    public Task<EsResponse> PutIndexTemplateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name")!;
        var create = p.GetBool("create", false);
        p.Get("cause");
        p.GetTime("master_timeout", null);
        p.EnsureAllConsumed(request.Path);
        var template = TemplateParser.ParseComposable(name, request.Body);
        Templates.PutComposable(template, create);
        return Task.FromResult(Acknowledged());
    }

    public Task<EsResponse> GetIndexTemplateAsync(EsRequest request) =>
        GetTemplatesAsync(request, Templates.GetComposable, "index_templates", "index_template", t => t.Name, (t, writer) => t.Write(writer));

    public Task<EsResponse> DeleteIndexTemplateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name")!;
        p.GetTime("master_timeout", null);
        p.GetTime("timeout", null);
        p.EnsureAllConsumed(request.Path);
        Templates.DeleteComposable(name);
        return Task.FromResult(Acknowledged());
    }

    public Task<EsResponse> PutComponentTemplateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name")!;
        var create = p.GetBool("create", false);
        p.GetTime("master_timeout", null);
        p.EnsureAllConsumed(request.Path);
        Templates.PutComponent(TemplateParser.ParseComponent(name, request.Body), create);
        return Task.FromResult(Acknowledged());
    }

    public Task<EsResponse> GetComponentTemplateAsync(EsRequest request) =>
        GetTemplatesAsync(request, Templates.GetComponents, "component_templates", "component_template", t => t.Name, (t, writer) => t.Write(writer));

    public Task<EsResponse> DeleteComponentTemplateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name")!;
        p.GetTime("master_timeout", null);
        p.GetTime("timeout", null);
        p.EnsureAllConsumed(request.Path);
        Templates.DeleteComponent(name);
        return Task.FromResult(Acknowledged());
    }

    public Task<EsResponse> PutLegacyTemplateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name")!;
        var create = p.GetBool("create", false);
        int? order = p.Get("order") is null ? null : p.GetInt("order", 0);
        p.GetTime("master_timeout", null);
        p.Get("cause");
        p.EnsureAllConsumed(request.Path);
        Templates.PutLegacy(TemplateParser.ParseLegacy(name, request.Body, order), create);
        return Task.FromResult(Acknowledged().WithHeader("Warning",
            $"299 Elasticsearch-{_cluster.Version}-emulator \"Legacy index templates are deprecated in favor of composable templates.\""));
    }

    public Task<EsResponse> GetLegacyTemplateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name");
        p.GetBool("flat_settings", false);
        p.GetBool("local", false);
        p.GetTime("master_timeout", null);
        p.EnsureAllConsumed(request.Path);
        var templates = Templates.GetLegacy(name);
        var status = templates.Count == 0 && name is not null ? 404 : 200;
        if (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(status));
        }

        return Task.FromResult(new EsResponse(status, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var template in templates)
            {
                writer.WritePropertyName(template.Name);
                template.Write(writer);
            }

            writer.WriteEndObject();
        })));
    }

    public Task<EsResponse> DeleteLegacyTemplateAsync(EsRequest request)
    {
        var p = request.Parameters;
        var name = p.Get("name")!;
        p.GetTime("master_timeout", null);
        p.GetTime("timeout", null);
        p.EnsureAllConsumed(request.Path);
        Templates.DeleteLegacy(name);
        return Task.FromResult(Acknowledged());
    }

    /// <summary>GET or HEAD of composable or component templates: the same parameters, 404 rules and response shape.</summary>
    private static Task<EsResponse> GetTemplatesAsync<TTemplate>(
        EsRequest request,
        Func<string?, IReadOnlyList<TTemplate>> lookup,
        string arrayName,
        string templateProperty,
        Func<TTemplate, string> nameOf,
        Action<TTemplate, Utf8JsonWriter> write)
    {
        var p = request.Parameters;
        var name = p.Get("name");
        p.GetBool("flat_settings", false);
        p.GetBool("local", false);
        p.GetBool("include_defaults", false);
        p.GetTime("master_timeout", null);
        p.EnsureAllConsumed(request.Path);
        IReadOnlyList<TTemplate> templates;
        try
        {
            templates = lookup(name);
        }
        catch (EsException) when (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(404));
        }

        if (request.IsHead)
        {
            return Task.FromResult(EsResponse.Empty(templates.Count > 0 ? 200 : 404));
        }

        return Task.FromResult(new EsResponse(200, JsonOutput.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray(arrayName);
            foreach (var template in templates)
            {
                writer.WriteStartObject();
                writer.WriteString("name", nameOf(template));
                writer.WritePropertyName(templateProperty);
                write(template, writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        })));
    }
}
