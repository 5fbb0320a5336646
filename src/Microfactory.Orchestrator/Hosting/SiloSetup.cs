using Azure.Storage.Blobs;
using Microfactory.GrainStorage;
using Microfactory.Network;
using Microfactory.Storage;
using Microfactory.Storage.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>
/// This process is an Orleans silo. Orleans binds its own options from the <c>Orleans</c> section (ClusterId,
/// ServiceId, Endpoints, Messaging, and providers under Clustering and Reminders: <c>ProviderType</c>
/// AzureTableStorage with <c>ServiceKey</c> <see cref="StoreTables.ServiceKey"/> or a <c>ConnectionString</c>); with
/// neither of those two configured it is the embedded single silo: localhost clustering and reminders in memory.
/// Membership timings come from <c>Orleans:Membership</c> (Orleans' ClusterMembershipOptions). Grain state goes where
/// <c>Store</c> says, the same place as design artifacts.
/// </summary>
public static class SiloSetup
{
    public const string Section = "Orleans";

    /// <summary>Under <see cref="Section"/>: true in a Kubernetes pod (Microsoft.Orleans.Hosting.Kubernetes).</summary>
    public const string KubernetesHosting = "KubernetesHosting";

    public static WebApplicationBuilder AddSilo(this WebApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection(Section);
        var store = builder.Configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        builder.UseOrleans(silo =>
        {
            if (!orleans.GetSection("Clustering").Exists())
            {
                silo.UseLocalhostClustering(
                    orleans.GetValue("Endpoints:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
                    orleans.GetValue("Endpoints:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
            }

            if (!orleans.GetSection("Reminders").Exists())
            {
                silo.UseInMemoryReminderService();
            }

            silo.Services.AddOptions<GrainCollectionOptions>().BindConfiguration($"{Section}:GrainCollection");
            silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration($"{Section}:Membership");
            silo.Services.AddKeyedSingleton(StoreTables.ServiceKey, (services, _) => StoreTables.Create(services.GetRequiredService<IOptions<StoreOptions>>().Value));
            silo.AddNetworkGrainStorage(store);
            silo.AddActivityPropagation();
            silo.AddDashboard();
            if (orleans.GetValue<bool>(KubernetesHosting))
            {
                // Silo name, advertised address, ServiceId and ClusterId from the pod (POD_NAME, POD_IP, ORLEANS_SERVICE_ID,
                // ORLEANS_CLUSTER_ID), and a watch that deletes the pods of silos the cluster declared dead.
                silo.UseKubernetesHosting();
            }
        });
        builder.Services.AddSingleton<SiloJoinedHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<SiloJoinedHealthCheck>("silo", tags: [AgentLink.AgentLinkSetup.ReadyTag]);
        return builder;
    }

    /// <summary>The Orleans Dashboard, for admins only: it has no authentication of its own.</summary>
    public static WebApplication MapSiloDashboard(this WebApplication app, string policy)
    {
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(policy);
        return app;
    }

    private static void AddNetworkGrainStorage(this ISiloBuilder silo, StoreOptions store)
    {
        switch (store.Kind)
        {
            case StoreKind.AzureBlob:
                silo.AddAzureBlobGrainStorageWithScan(NetworkStorage.Name, GrainStateClient, store.GrainContainer);
                break;
            case StoreKind.Memory:
                silo.AddMemoryGrainStorageWithScan(NetworkStorage.Name);
                break;
            default:
                silo.AddBlobStoreGrainStorage(NetworkStorage.Name, sp => sp.GetRequiredService<IBlobStore>(), $"local directory {Path.GetFullPath(store.Directory)}");
                break;
        }
    }

    // Resolved when the silo starts, after the Store options were validated: a bad setting stops start-up naming it.
    // The same account, credential and retry settings as the artifact store.
    private static BlobServiceClient GrainStateClient(IServiceProvider services) =>
        BlobStoreFactory.CreateBlobServiceClient(services.GetRequiredService<IOptions<StoreOptions>>().Value);
}
