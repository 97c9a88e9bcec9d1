using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Configuration;

/// <summary>Registers an options class the way silos and clients all do: bound from its section, validated at start-up.</summary>
public static class ValidatedOptions
{
    public static OptionsBuilder<TOptions> Add<TOptions, TValidator>(IServiceCollection services, IConfiguration? configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var options = services.AddOptions<TOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(section));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return options;
    }
}
