using System.Text.Json.Nodes;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Templates;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>How request index expressions resolve to concrete indices (aliases, data streams, wildcards).</summary>
internal sealed partial class Cluster
{
    /// <summary>
    /// The index a write goes to: the index itself, an alias's write index, a data stream's newest backing index, or
    /// an index (or data stream) created on the fly. Auto-creation happens even when the write will then fail.
    /// </summary>
    public EmulatedIndex ResolveForWrite(string name, bool isCreateOp, bool requireAlias)
    {
        if (_indices.TryGetValue(name, out var index))
        {
            if (requireAlias)
            {
                throw RequireAliasFailure(name);
            }

            return index;
        }

        if (FindAlias(name) is { } members)
        {
            return WriteIndexOf(name, members);
        }

        if (requireAlias)
        {
            throw RequireAliasFailure(name);
        }

        if (_dataStreams.TryGetValue(name, out var stream))
        {
            return DataStreamWrite(stream, isCreateOp);
        }

        if (!AutoCreateIndex)
        {
            throw EsErrors.IndexNotFound(name, $"no such index [{name}] and [action.auto_create_index] is [false]", "index_expression");
        }

        IndexNames.Validate(name);
        lock (_gate)
        {
            if (_indices.TryGetValue(name, out index))
            {
                return index;
            }

            if (_dataStreams.TryGetValue(name, out stream))
            {
                return DataStreamWrite(stream, isCreateOp);
            }

            var resolved = Templates.Resolve(name, hidden: name.StartsWith('.'));
            if (resolved.AllowAutoCreate == false)
            {
                throw EsErrors.IndexNotFound(name, $"no such index [{name}] and composable template [{resolved.Composable!.Name}] forbids index auto creation", "index_expression");
            }

            if (resolved.IsDataStream)
            {
                stream = CreateDataStreamLocked(name, resolved);
                return DataStreamWrite(stream, isCreateOp);
            }

            return CreateLocked(name, resolved, null, null, null, dataStream: null);
        }
    }

    private static EsException RequireAliasFailure(string name) =>
        EsErrors.IndexNotFound(name, $"no such index [{name}] and [require_alias] request flag is [true] and [{name}] is not an alias", "index_expression");

    private static EmulatedIndex DataStreamWrite(DataStreamState stream, bool isCreateOp)
    {
        if (!isCreateOp)
        {
            throw EsErrors.IllegalArgument("only write ops with an op_type of create are allowed in data streams");
        }

        return stream.WriteIndex;
    }

    private static EmulatedIndex WriteIndexOf(string alias, IReadOnlyList<EmulatedIndex> members)
    {
        EmulatedIndex? explicitWrite = null;
        foreach (var member in members)
        {
            if (member.Aliases[alias]?["is_write_index"]?.GetValue<bool>() == true)
            {
                explicitWrite = member;
            }
        }

        if (explicitWrite is not null)
        {
            return explicitWrite;
        }

        if (members.Count == 1 && members[0].Aliases[alias]?["is_write_index"] is null)
        {
            return members[0];
        }

        throw EsErrors.IllegalArgument(
            $"no write index is defined for alias [{alias}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index");
    }

    /// <summary>The single concrete index a GET / DELETE / update names; never creates anything.</summary>
    public EmulatedIndex ResolveForRead(string name, bool isWrite)
    {
        if (_indices.TryGetValue(name, out var index))
        {
            return index;
        }

        if (FindAlias(name) is { } members)
        {
            if (isWrite)
            {
                return WriteIndexOf(name, members);
            }

            if (members.Count == 1)
            {
                return members[0];
            }

            throw EsErrors.IllegalArgument(
                $"alias [{name}] has more than one index associated with it [{string.Join(", ", members.Select(m => m.Name))}], can't execute a single index op");
        }

        if (_dataStreams.ContainsKey(name))
        {
            throw isWrite
                ? EsErrors.IllegalArgument("only write ops with an op_type of create are allowed in data streams")
                : EsErrors.IllegalArgument($"The provided expression [{name}] matches a data stream, specify the corresponding concrete indices instead.");
        }

        throw EsErrors.IndexNotFound(name);
    }

    /// <summary>Resolves an index expression (names, aliases, data streams, wildcards, exclusions) for multi-index APIs.</summary>
    public List<ResolvedIndex> ResolveMany(string? expression, bool ignoreUnavailable, bool allowNoIndices, bool includeHidden, string resourceType = "index_or_alias")
    {
        var result = new List<ResolvedIndex>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(EmulatedIndex index, JsonNode? filter)
        {
            if (seen.Add(index.Name))
            {
                result.Add(new ResolvedIndex(index, filter));
            }
        }

        if (string.IsNullOrEmpty(expression) || expression is "_all" or "*")
        {
            foreach (var index in _indices.Values.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                if (includeHidden || !index.IsHidden || index.DataStream is not null)
                {
                    Add(index, null);
                }
            }

            return result;
        }

        var parts = expression.Split(',');
        var sawWildcard = false;
        foreach (var part in parts)
        {
            if (part.StartsWith('-') && sawWildcard)
            {
                var excluded = part[1..];
                result.RemoveAll(r => GlobPattern.IsMatch(excluded, r.Index.Name));
                seen.RemoveWhere(n => GlobPattern.IsMatch(excluded, n));
                continue;
            }

            if (GlobPattern.HasWildcard(part))
            {
                sawWildcard = true;
                var hiddenAllowed = includeHidden || part.StartsWith('.');
                foreach (var index in _indices.Values.OrderBy(i => i.Name, StringComparer.Ordinal))
                {
                    if (GlobPattern.IsMatch(part, index.Name) && (hiddenAllowed || !index.IsHidden))
                    {
                        Add(index, null);
                    }
                }

                foreach (var (alias, members) in _aliases.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    if (GlobPattern.IsMatch(part, alias))
                    {
                        foreach (var member in members)
                        {
                            Add(member, member.Aliases[alias]?["filter"]);
                        }
                    }
                }

                foreach (var stream in _dataStreams.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
                {
                    if (GlobPattern.IsMatch(part, stream.Name))
                    {
                        stream.BackingIndices.ForEach(i => Add(i, null));
                    }
                }

                continue;
            }

            if (_indices.TryGetValue(part, out var concrete))
            {
                Add(concrete, null);
            }
            else if (FindAlias(part) is { } members)
            {
                foreach (var member in members)
                {
                    Add(member, member.Aliases[part]?["filter"]);
                }
            }
            else if (_dataStreams.TryGetValue(part, out var stream))
            {
                stream.BackingIndices.ForEach(i => Add(i, null));
            }
            else if (!ignoreUnavailable)
            {
                throw EsErrors.IndexNotFound(part, resourceType);
            }
        }

        if (result.Count == 0 && !allowNoIndices)
        {
            throw EsErrors.IndexNotFound(expression, resourceType);
        }

        return result;
    }
}
