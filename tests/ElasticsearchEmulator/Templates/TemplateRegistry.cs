using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Templates;

/// <summary>Index, component and legacy templates of the cluster, and the choice of template for a new index.</summary>
internal sealed class TemplateRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ComposableTemplate> _composable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComponentTemplate> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LegacyTemplate> _legacy = new(StringComparer.Ordinal);

    public TemplateRegistry(bool installBuiltIns)
    {
        if (installBuiltIns)
        {
            foreach (var template in BuiltInTemplates.All())
            {
                _composable[template.Name] = template;
            }
        }
    }

    public void PutComposable(ComposableTemplate template, bool create)
    {
        ValidatePatterns(template.Name, template.IndexPatterns);
        if (template.Priority is < 0)
        {
            throw EsErrors.Validation("index template priority must be >= 0");
        }

        lock (_gate)
        {
            if (create && _composable.ContainsKey(template.Name))
            {
                throw EsErrors.IllegalArgument($"index template [{template.Name}] already exists");
            }

            var conflicts = new List<ComposableTemplate>();
            foreach (var existing in _composable.Values)
            {
                if (existing.Name == template.Name || existing.EffectivePriority != template.EffectivePriority)
                {
                    continue;
                }

                if (existing.IndexPatterns.Any(a => template.IndexPatterns.Any(b => GlobPattern.Overlaps(a, b))))
                {
                    conflicts.Add(existing);
                }
            }

            if (conflicts.Count > 0)
            {
                var names = string.Join(",", conflicts.Select(c => c.Name));
                var details = string.Join(",", conflicts.Select(c => $"{c.Name} => [{string.Join(", ", c.IndexPatterns)}]"));
                throw EsErrors.IllegalArgument(
                    $"index template [{template.Name}] has index patterns [{string.Join(", ", template.IndexPatterns)}] matching patterns from existing templates [{names}] with patterns ({details}) that have the same priority [{template.EffectivePriority}], multiple index templates may not match during index creation, please use a different priority");
            }

            var missing = template.ComposedOf
                .Where(c => !_components.ContainsKey(c) && template.IgnoreMissingComponentTemplates?.Contains(c) != true)
                .ToList();
            if (missing.Count > 0)
            {
                throw InvalidTemplate(template.Name, $"index template [{template.Name}] specifies component templates [{string.Join(", ", missing)}] that do not exist");
            }

            _composable[template.Name] = template;
        }
    }

    public IReadOnlyList<ComposableTemplate> GetComposable(string? expression)
    {
        lock (_gate)
        {
            var found = Select(_composable, expression);
            if (found.Count == 0 && expression is not null && !expression.Split(',').All(GlobPattern.HasWildcard))
            {
                throw EsErrors.ResourceNotFound($"index template matching [{expression}] not found");
            }

            return found;
        }
    }

    public void DeleteComposable(string expression)
    {
        lock (_gate)
        {
            var names = new List<string>();
            var missing = new List<string>();
            foreach (var part in expression.Split(','))
            {
                if (GlobPattern.HasWildcard(part))
                {
                    names.AddRange(_composable.Keys.Where(k => GlobPattern.IsMatch(part, k)));
                }
                else if (_composable.ContainsKey(part))
                {
                    names.Add(part);
                }
                else
                {
                    missing.Add(part);
                }
            }

            if (missing.Count > 0)
            {
                throw new EsException(404, "index_template_missing_exception", $"index_template [{string.Join(",", missing)}] missing");
            }

            foreach (var name in names)
            {
                _composable.Remove(name);
            }
        }
    }

    public void PutComponent(ComponentTemplate template, bool create)
    {
        lock (_gate)
        {
            if (create && _components.ContainsKey(template.Name))
            {
                throw EsErrors.IllegalArgument($"component template [{template.Name}] already exists");
            }

            _components[template.Name] = template;
        }
    }

    public IReadOnlyList<ComponentTemplate> GetComponents(string? expression)
    {
        lock (_gate)
        {
            var found = Select(_components, expression);
            if (found.Count == 0 && expression is not null && !expression.Split(',').All(GlobPattern.HasWildcard))
            {
                throw EsErrors.ResourceNotFound($"component template matching [{expression}] not found");
            }

            return found;
        }
    }

    public void DeleteComponent(string expression)
    {
        lock (_gate)
        {
            var names = expression.Split(',').SelectMany(part => GlobPattern.HasWildcard(part)
                ? _components.Keys.Where(k => GlobPattern.IsMatch(part, k))
                : [part]).ToList();
            var missing = names.Where(n => !_components.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                throw EsErrors.ResourceNotFound($"{string.Join(",", missing)}");
            }

            var users = _composable.Values.Where(t => t.ComposedOf.Any(names.Contains)).Select(t => t.Name).ToList();
            if (users.Count > 0)
            {
                throw EsErrors.IllegalArgument(
                    $"component templates [{string.Join(", ", names)}] cannot be removed as they are still in use by index templates [{string.Join(", ", users)}]");
            }

            foreach (var name in names)
            {
                _components.Remove(name);
            }
        }
    }

    public void PutLegacy(LegacyTemplate template, bool create)
    {
        lock (_gate)
        {
            if (create && _legacy.ContainsKey(template.Name))
            {
                throw EsErrors.IllegalArgument($"index_template [{template.Name}] already exists");
            }

            _legacy[template.Name] = template;
        }
    }

    public IReadOnlyList<LegacyTemplate> GetLegacy(string? expression)
    {
        lock (_gate)
        {
            return Select(_legacy, expression);
        }
    }

    public void DeleteLegacy(string expression)
    {
        lock (_gate)
        {
            var names = expression.Split(',').SelectMany(part => GlobPattern.HasWildcard(part)
                ? _legacy.Keys.Where(k => GlobPattern.IsMatch(part, k))
                : [part]).ToList();
            var missing = names.Where(n => !_legacy.ContainsKey(n)).ToList();
            if (missing.Count > 0 || names.Count == 0)
            {
                throw new EsException(404, "index_template_missing_exception", $"index_template [{expression}] missing");
            }

            foreach (var name in names)
            {
                _legacy.Remove(name);
            }
        }
    }

    /// <summary>
    /// What a new index named <paramref name="indexName"/> gets: the single highest-priority composable template
    /// (with its component templates, in order), or else all matching legacy templates merged by ascending order.
    /// </summary>
    public ResolvedTemplate Resolve(string indexName, bool hidden)
    {
        lock (_gate)
        {
            ComposableTemplate? best = null;
            foreach (var template in _composable.Values)
            {
                var matches = template.IndexPatterns.Any(p => GlobPattern.IsMatch(p, indexName) && !(hidden && p == "*"));
                if (matches && (best is null || template.EffectivePriority > best.EffectivePriority))
                {
                    best = template;
                }
            }

            if (best is not null)
            {
                var resolved = new ResolvedTemplate { Composable = best };
                foreach (var componentName in best.ComposedOf)
                {
                    if (_components.TryGetValue(componentName, out var component))
                    {
                        Apply(resolved, component.Template);
                    }
                }

                if (best.Template is not null)
                {
                    Apply(resolved, best.Template);
                }

                return resolved;
            }

            var legacy = new ResolvedTemplate();
            foreach (var template in _legacy.Values.Where(t => t.IndexPatterns.Any(p => GlobPattern.IsMatch(p, indexName))).OrderBy(t => t.Order))
            {
                Apply(legacy, template.Content);
            }

            return legacy;
        }
    }

    private static void Apply(ResolvedTemplate target, TemplateContent content)
    {
        if (content.Settings is not null)
        {
            foreach (var (key, value) in content.Settings)
            {
                target.Settings[key] = value;
            }
        }

        if (content.Mappings is not null)
        {
            target.Mappings.Add(content.Mappings);
        }

        if (content.Aliases is not null)
        {
            foreach (var (name, definition) in content.Aliases)
            {
                target.Aliases[name] = definition?.DeepClone();
            }
        }
    }

    private static List<T> Select<T>(Dictionary<string, T> source, string? expression)
    {
        if (expression is null || expression is "*" or "_all")
        {
            return [.. source.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)];
        }

        var result = new List<T>();
        foreach (var part in expression.Split(','))
        {
            foreach (var (name, value) in source.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if ((GlobPattern.HasWildcard(part) ? GlobPattern.IsMatch(part, name) : name == part) && !result.Contains(value))
                {
                    result.Add(value);
                }
            }
        }

        return result;
    }

    private static void ValidatePatterns(string name, IReadOnlyList<string> patterns)
    {
        var errors = new List<string>();
        foreach (var pattern in patterns)
        {
            if (pattern.Contains(' '))
            {
                errors.Add($"index_patterns [{pattern}] must not contain a space");
            }

            if (pattern.Contains(','))
            {
                errors.Add($"index_pattern [{pattern}] must not contain a ','");
            }

            if (pattern.Contains('#'))
            {
                errors.Add($"index_pattern [{pattern}] must not contain a '#'");
            }

            if (pattern.StartsWith('_'))
            {
                errors.Add($"index_pattern [{pattern}] must not start with '_'");
            }

            if (pattern.IndexOfAny(['\\', '/', '?', '"', '<', '>', '|']) >= 0)
            {
                errors.Add($"index_pattern [{pattern}] must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?]");
            }
        }

        if (errors.Count > 0)
        {
            throw InvalidTemplate(name, EsErrors.Validation(errors).Reason);
        }
    }

    private static EsException InvalidTemplate(string name, string cause) =>
        new(400, "invalid_index_template_exception", $"index_template [{name}] invalid, cause [{cause}]");
}
