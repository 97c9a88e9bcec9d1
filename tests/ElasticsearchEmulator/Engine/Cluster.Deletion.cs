using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>Index and data-stream deletion.</summary>
internal sealed partial class Cluster
{
    /// <summary>DELETE /{index}: concrete names only (8.x defaults action.destructive_requires_name to true).</summary>
    public List<EmulatedIndex> DeleteIndices(string expression)
    {
        lock (_gate)
        {
            var doomed = new List<EmulatedIndex>();
            foreach (var part in expression.Split(','))
            {
                if (GlobPattern.HasWildcard(part) || part == "_all")
                {
                    throw EsErrors.IllegalArgument("Wildcard expressions or all indices are not allowed");
                }

                if (_indices.TryGetValue(part, out var index))
                {
                    if (index.DataStream is { } ds && _dataStreams.TryGetValue(ds, out var stream) && stream.WriteIndex == index)
                    {
                        throw EsErrors.IllegalArgument($"index [{index.Name}] is the write index for data stream [{ds}] and cannot be deleted");
                    }

                    doomed.Add(index);
                }
                else if (FindAlias(part) is not null)
                {
                    throw EsErrors.IllegalArgument($"The provided expression [{part}] matches an alias, specify the corresponding concrete indices instead.");
                }
                else if (_dataStreams.ContainsKey(part))
                {
                    throw EsErrors.IllegalArgument($"The provided expression [{part}] matches a data stream, specify the corresponding concrete indices instead.");
                }
                else
                {
                    throw EsErrors.IndexNotFound(part, "index_or_alias");
                }
            }

            foreach (var index in doomed)
            {
                _indices.TryRemove(index.Name, out _);
                index.MarkDeleted();
            }

            RebuildAliasesLocked();
            SignalChanged();
            return doomed;
        }
    }

    public void DeleteDataStream(string name)
    {
        lock (_gate)
        {
            if (!_dataStreams.TryRemove(name, out var stream))
            {
                throw EsErrors.ResourceNotFound($"data_stream matching [{name}] not found");
            }

            foreach (var index in stream.BackingIndices)
            {
                _indices.TryRemove(index.Name, out _);
                index.MarkDeleted();
            }

            RebuildAliasesLocked();
            SignalChanged();
        }
    }
}
