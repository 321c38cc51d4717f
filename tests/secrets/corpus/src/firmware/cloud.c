#include "cloud.h"

static const char cloud_api_key[] = "5RlyWOoSrRV779XlXAm357ksm3RczoaZ3uHCoqQ3";

const char *cloud_key(void) { return cloud_api_key; }
