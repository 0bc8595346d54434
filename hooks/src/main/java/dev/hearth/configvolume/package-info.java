/**
 * Config volumes: what docker-puppet.py / container-puppet.py did (docs/config-volumes.md), in Java.
 *
 * <h2>Groups</h2>
 * <ul>
 *   <li>{@code container-puppet} (alias {@code docker-puppet}) — {@link dev.hearth.configvolume.ConfigVolumeHook}:
 *       {@code config} is the role's list of {@code puppet_config} entries; inputs {@code step} (default 6),
 *       {@code config_volume} (only this one), {@code net_host} (default true).</li>
 *   <li>{@code container-puppet-tasks} (alias {@code docker-puppet-tasks}) —
 *       {@link dev.hearth.configvolume.BootstrapTasksHook}: a step's {@code docker_puppet_tasks}; inputs
 *       {@code step} (required), {@code is_bootstrap} (boolean) or {@code bootstrap_node} (host name), else the
 *       agent's {@link dev.hearth.configvolume.ConfigVolumeSettings#bootstrapNode()}; other nodes: a no-op
 *       success saying why.</li>
 * </ul>
 *
 * <h2>On disk (defaults, all in {@link dev.hearth.configvolume.ConfigVolumeSettings})</h2>
 * <pre>
 * /var/lib/config-data/&lt;vol&gt;/                       full mirror of /etc /root /opt /var/www /var/spool/cron /var/lib/nova/.ssh
 * /var/lib/config-data/puppet-generated/&lt;vol&gt;/      only the files this puppet run wrote
 * /var/lib/config-data/&lt;vol&gt;.md5sum                 checksum of the mirror, "&lt;32 hex&gt;\n"
 * /var/lib/config-data/puppet-generated/&lt;vol&gt;.md5sum checksum of puppet-generated, "&lt;32 hex&gt;\n"
 * /var/lib/config-data/.hearth-staging/              scratch space of running generations (same file system)
 * /var/lib/hearth/config-volumes/                    the in-container script and each run's manifest
 * </pre>
 * The checksum files are the contract with the docker-cmd hook ({@code TRIPLEO_CONFIG_HASH}): written
 * atomically, and only when their value changes. The checksum algorithm and its file order are
 * documented on {@link dev.hearth.configvolume.VolumeChecksum}.
 */
package dev.hearth.configvolume;
