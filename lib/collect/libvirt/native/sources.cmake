# The native client's sources (without the module entry point backend.cpp), relative to this
# directory: the module and tests build them here, the fuzz configuration with sanitizers.
set(VIRTCHECK_LIBVIRT_NATIVE_SOURCES
  xdr.cpp frame.cpp libvirt_error.cpp remote_error.cpp rpc_client.cpp stream_transport.cpp target.cpp
  remote_codec.cpp uuid.cpp remote_connect.cpp remote_domain.cpp remote_storage.cpp remote_network.cpp
  xml_reader.cpp descriptions.cpp session.cpp connection.cpp domain_stats.cpp storage.cpp networks.cpp
  snapshots.cpp security_descriptions.cpp security.cpp open.cpp)
set(VIRTCHECK_LIBVIRT_COMMON_SOURCES error_text.cpp stats_record.cpp network_ranges.cpp)
