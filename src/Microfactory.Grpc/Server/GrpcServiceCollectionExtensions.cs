using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microfactory.Grpc.Server;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GrpcServerOptions"/> (bound from <c>Grpc:Server</c>, validated at start) and a
    /// <see cref="TimeProvider"/> for deadlines unless one is registered already.
    /// </summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcServerOptions>()
            .BindConfiguration(GrpcServerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
