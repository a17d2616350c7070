# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE), with CPACK_GENERATOR set to it.
# The .deb installs under /usr; the .tar.gz holds a relocatable tree
# resdense-workbench-<version>-Linux/{bin,share}/ to unpack anywhere, e.g.
#   tar -xzf resdense-workbench-0.1.0-Linux.tar.gz -C ~/.local --strip-components=1
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
else()
  unset(CPACK_PACKAGING_INSTALL_PREFIX)
endif()
