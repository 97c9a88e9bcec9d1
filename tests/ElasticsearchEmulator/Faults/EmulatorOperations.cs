namespace Coordination.ElasticsearchEmulator;

/// <summary>
/// The kinds of request the emulator tells apart, for traffic counts and fault selection. A single request has
/// exactly one kind; rules can select several with flags.
/// </summary>
[Flags]
public enum EmulatorOperations
{
    None = 0,

    /// <summary>PUT/POST /{index}/_doc/{id} with op_type index (the default).</summary>
    Index = 1,

    /// <summary>op_type=create: PUT/POST /{index}/_create/{id}, POST /{index}/_doc, or ?op_type=create.</summary>
    Create = 2,

    /// <summary>GET/HEAD /{index}/_doc/{id} and GET/HEAD /{index}/_source/{id}.</summary>
    Get = 4,

    /// <summary>DELETE /{index}/_doc/{id}.</summary>
    Delete = 8,

    /// <summary>POST /{index}/_update/{id}.</summary>
    Update = 16,

    /// <summary>GET/POST /_search, /{index}/_search, /_count, /{index}/_count.</summary>
    Search = 32,

    /// <summary>POST /_bulk and /{index}/_bulk (counted once per request).</summary>
    Bulk = 64,

    /// <summary>Everything else: root, health, index and template administration, refresh.</summary>
    Other = 128,

    /// <summary>The document writes (index, create, delete, update, bulk).</summary>
    Writes = Index | Create | Delete | Update | Bulk,

    All = Index | Create | Get | Delete | Update | Search | Bulk | Other,
}
