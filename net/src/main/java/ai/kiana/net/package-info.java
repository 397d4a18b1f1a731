/** Devices talking to each other: transport, discovery, peers, sync and end-to-end messages. */
package ai.kiana.net;
